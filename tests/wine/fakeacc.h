/* fakeacc.h - a tree of accessibility objects (MSAA IAccessible) written in C, for
 * the programs in tests/wine/ that serve or read page text: fakeaccessible.exe serves
 * one to another process through WM_GETOBJECT, and test-pagetext.exe serves others
 * from its own windows (in-process doubles) to drive src/win/pagetext.c through cases
 * a real browser cannot be made to show on demand.
 *
 * A FaNode is one object with a role, a state, a name, a value and a place on the
 * screen; its children are other FaNodes (child ids 1..child_count) followed by
 * simple elements (static texts known only by their number, read through the parent,
 * as MSAA allows). Nodes are never freed: they are static or live as long as the
 * process, so a reader abandoned in one of them can never touch freed memory, and the
 * reference counts are not kept. No IEnumVARIANT: children are reached by index with
 * get_accChild.
 *
 * Like testprog.h, everything here is static inline: each test program is one .c file.
 * Needs COBJMACROS before <windows.h> and -loleacc -lole32 -loleaut32 -luuid.
 */
#ifndef OMAMORI_TESTS_WINE_FAKEACC_H
#define OMAMORI_TESTS_WINE_FAKEACC_H

#include <windows.h>

#include <oleacc.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct FaNode FaNode;
struct FaNode {
    IAccessible iface; /* first: the interface pointer is the node */
    LONG role;
    LONG state;
    const wchar_t *name;  /* NULL: none */
    const wchar_t *value; /* NULL: none */
    RECT place;           /* screen coordinates */
    FaNode **children;    /* objects: child ids 1..child_count */
    size_t child_count;
    const wchar_t *const *elements; /* simple static texts: ids after the objects */
    size_t element_count;
    DWORD stall_ms;                 /* get_accChildCount sleeps this long first */
    void (*on_child)(FaNode *node); /* called by get_accChild before it answers */
    volatile LONG calls;            /* every method call, counted */
};

#define FA_NODE(ptr) ((FaNode *)(ptr))

/* The object (or element text) an MSAA child id names. */
static inline HRESULT fa_target(FaNode *n, VARIANT id, FaNode **object, const wchar_t **element)
{
    *object = NULL;
    *element = NULL;
    if (V_VT(&id) != VT_I4)
        return E_INVALIDARG;
    LONG i = V_I4(&id);
    if (i == CHILDID_SELF) {
        *object = n;
        return S_OK;
    }
    if (i >= 1 && (size_t)i <= n->child_count) {
        *object = n->children[i - 1];
        return S_OK;
    }
    if (i >= 1 && (size_t)i <= n->child_count + n->element_count) {
        *element = n->elements[(size_t)i - 1 - n->child_count];
        return S_OK;
    }
    return E_INVALIDARG;
}

static inline HRESULT fa_string(const wchar_t *s, BSTR *out)
{
    if (out == NULL)
        return E_POINTER;
    *out = NULL;
    if (s == NULL)
        return S_FALSE;
    *out = SysAllocString(s);
    return *out != NULL ? S_OK : E_OUTOFMEMORY;
}

static inline HRESULT STDMETHODCALLTYPE fa_query(IAccessible *This, REFIID riid, void **out)
{
    InterlockedIncrement(&FA_NODE(This)->calls);
    if (out == NULL)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &IID_IAccessible)) {
        *out = This;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static inline ULONG STDMETHODCALLTYPE fa_add_ref(IAccessible *This)
{
    (void)This;
    return 2;
}

static inline ULONG STDMETHODCALLTYPE fa_release(IAccessible *This)
{
    (void)This;
    return 1;
}

static inline HRESULT STDMETHODCALLTYPE fa_type_info_count(IAccessible *This, UINT *count)
{
    (void)This;
    if (count != NULL)
        *count = 0;
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_type_info(IAccessible *This, UINT index, LCID lcid,
                                                     ITypeInfo **info)
{
    (void)This, (void)index, (void)lcid;
    if (info != NULL)
        *info = NULL;
    return E_NOTIMPL;
}

static inline HRESULT STDMETHODCALLTYPE fa_ids_of_names(IAccessible *This, REFIID riid,
                                                        LPOLESTR *names, UINT count, LCID lcid,
                                                        DISPID *ids)
{
    (void)This, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
    return E_NOTIMPL;
}

static inline HRESULT STDMETHODCALLTYPE fa_invoke(IAccessible *This, DISPID member, REFIID riid,
                                                  LCID lcid, WORD flags, DISPPARAMS *params,
                                                  VARIANT *result, EXCEPINFO *exception,
                                                  UINT *arg_error)
{
    (void)This, (void)member, (void)riid, (void)lcid, (void)flags, (void)params;
    (void)result, (void)exception, (void)arg_error;
    return E_NOTIMPL;
}

static inline HRESULT STDMETHODCALLTYPE fa_parent(IAccessible *This, IDispatch **parent)
{
    InterlockedIncrement(&FA_NODE(This)->calls);
    if (parent != NULL)
        *parent = NULL;
    return S_FALSE;
}

static inline HRESULT STDMETHODCALLTYPE fa_child_count(IAccessible *This, LONG *count)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    if (n->stall_ms > 0)
        Sleep(n->stall_ms);
    if (count == NULL)
        return E_POINTER;
    *count = (LONG)(n->child_count + n->element_count);
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_child(IAccessible *This, VARIANT id, IDispatch **child)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    if (child == NULL)
        return E_POINTER;
    *child = NULL;
    if (n->on_child != NULL)
        n->on_child(n);
    FaNode *object;
    const wchar_t *element;
    if (V_VT(&id) == VT_I4 && V_I4(&id) == CHILDID_SELF)
        return E_INVALIDARG; /* a node is not its own child (unless a test says so) */
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    if (element != NULL)
        return S_FALSE; /* a simple element: no object of its own */
    *child = (IDispatch *)&object->iface;
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_name(IAccessible *This, VARIANT id, BSTR *name)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    FaNode *object;
    const wchar_t *element;
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    return fa_string(element != NULL ? element : object->name, name);
}

static inline HRESULT STDMETHODCALLTYPE fa_value(IAccessible *This, VARIANT id, BSTR *value)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    FaNode *object;
    const wchar_t *element;
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    return fa_string(element != NULL ? NULL : object->value, value);
}

static inline HRESULT STDMETHODCALLTYPE fa_no_string(IAccessible *This, VARIANT id, BSTR *out)
{
    (void)id;
    InterlockedIncrement(&FA_NODE(This)->calls);
    return fa_string(NULL, out);
}

static inline HRESULT STDMETHODCALLTYPE fa_role(IAccessible *This, VARIANT id, VARIANT *role)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    FaNode *object;
    const wchar_t *element;
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    VariantInit(role);
    V_VT(role) = VT_I4;
    V_I4(role) = element != NULL ? ROLE_SYSTEM_STATICTEXT : object->role;
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_state(IAccessible *This, VARIANT id, VARIANT *state)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    FaNode *object;
    const wchar_t *element;
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    VariantInit(state);
    V_VT(state) = VT_I4;
    V_I4(state) = element != NULL ? STATE_SYSTEM_READONLY : object->state;
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_help_topic(IAccessible *This, BSTR *file, VARIANT id,
                                                      LONG *topic)
{
    (void)This, (void)id;
    if (file != NULL)
        *file = NULL;
    if (topic != NULL)
        *topic = 0;
    return S_FALSE;
}

static inline HRESULT STDMETHODCALLTYPE fa_no_variant(IAccessible *This, VARIANT *out)
{
    (void)This;
    if (out != NULL)
        VariantInit(out);
    return S_FALSE;
}

static inline HRESULT STDMETHODCALLTYPE fa_select(IAccessible *This, LONG flags, VARIANT id)
{
    (void)This, (void)flags, (void)id;
    return DISP_E_MEMBERNOTFOUND;
}

static inline HRESULT STDMETHODCALLTYPE fa_location(IAccessible *This, LONG *left, LONG *top,
                                                    LONG *width, LONG *height, VARIANT id)
{
    FaNode *n = FA_NODE(This);
    InterlockedIncrement(&n->calls);
    FaNode *object;
    const wchar_t *element;
    HRESULT hr = fa_target(n, id, &object, &element);
    if (FAILED(hr))
        return hr;
    const RECT *r = element != NULL ? &n->place : &object->place;
    *left = r->left;
    *top = r->top;
    *width = r->right - r->left;
    *height = r->bottom - r->top;
    return S_OK;
}

static inline HRESULT STDMETHODCALLTYPE fa_navigate(IAccessible *This, LONG direction,
                                                    VARIANT start, VARIANT *end)
{
    (void)This, (void)direction, (void)start;
    if (end != NULL)
        VariantInit(end);
    return DISP_E_MEMBERNOTFOUND;
}

static inline HRESULT STDMETHODCALLTYPE fa_hit_test(IAccessible *This, LONG x, LONG y,
                                                    VARIANT *out)
{
    (void)This, (void)x, (void)y;
    if (out != NULL)
        VariantInit(out);
    return S_FALSE;
}

static inline HRESULT STDMETHODCALLTYPE fa_do_default(IAccessible *This, VARIANT id)
{
    (void)This, (void)id;
    return DISP_E_MEMBERNOTFOUND;
}

static inline HRESULT STDMETHODCALLTYPE fa_put(IAccessible *This, VARIANT id, BSTR s)
{
    (void)This, (void)id, (void)s;
    return DISP_E_MEMBERNOTFOUND;
}

static const IAccessibleVtbl fa_vtbl = {
    fa_query,       fa_add_ref,    fa_release,    fa_type_info_count, fa_type_info,
    fa_ids_of_names, fa_invoke,    fa_parent,     fa_child_count,     fa_child,
    fa_name,        fa_value,      fa_no_string,  fa_role,            fa_state,
    fa_no_string,   fa_help_topic, fa_no_string,  fa_no_variant,      fa_no_variant,
    fa_no_string,   fa_select,     fa_location,   fa_navigate,        fa_hit_test,
    fa_do_default,  fa_put,        fa_put,
};

/* Sets up n as an object with no children. */
static inline void fa_init(FaNode *n, LONG role, const wchar_t *name, const wchar_t *value,
                           LONG top)
{
    ZeroMemory(n, sizeof *n);
    n->iface.lpVtbl = (IAccessibleVtbl *)&fa_vtbl;
    n->role = role;
    n->state = role == ROLE_SYSTEM_TEXT ? STATE_SYSTEM_FOCUSABLE : STATE_SYSTEM_READONLY;
    n->name = name;
    n->value = value;
    n->place.left = 0;
    n->place.top = top;
    n->place.right = 800;
    n->place.bottom = top + 30;
}

/* Whether WM_GETOBJECT asks for the client object. lParam is compared as a DWORD: it
   arrives zero-extended on 64-bit Windows. */
static inline bool fa_wants_client(LPARAM lp)
{
    return (DWORD)lp == (DWORD)OBJID_CLIENT;
}

#endif /* OMAMORI_TESTS_WINE_FAKEACC_H */
