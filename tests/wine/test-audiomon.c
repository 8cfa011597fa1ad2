/* test-audiomon.c - the audio monitor (src/win/audiomon.c) against test doubles of the
 * Core Audio COM interfaces, and once against Wine's own audio stack.
 *
 * Wine 8 cannot list audio sessions (GetSessionEnumerator returns E_NOTIMPL), so the
 * monitor's logic is driven here through fakes written in C with their own vtables:
 * an IMMDeviceEnumerator whose IMMDeviceCollection holds IMMDevices whose
 * IAudioSessionManager2 lists (IAudioSessionEnumerator) and announces
 * (IAudioSessionNotification) sessions, each one object that is at once an
 * IAudioSessionControl2, an IAudioMeterInformation and an ISimpleAudioVolume. The
 * monitor receives the fake enumerator through its seam (AudioMonitorSeam).
 *
 * The PIDs are real: copies of fakebrowser.exe (from this program's own folder) run
 * in --workdir as chrome.exe (two children) and msedge.exe (one child), so the
 * monitor's mapping from a child's PID to its browser's root goes through the real
 * Toolhelp snapshot, as it will on Windows. This program's own PID is the session
 * of a program that is not a browser.
 *
 * Prints TAP ("ok N - ...", then the plan "1..N") on standard output; exits 0 when
 * every check passed. A watchdog ends it with a "not ok" after 90 s.
 *
 * Usage: test-audiomon.exe [--workdir DIR]   (default: the TEMP folder)
 */
#include "programs.h"
#include "tap.h"
#include "testprog.h"

#include <stddef.h>

#include "audiomon.h"
#include "proctree.h"

#define NOTE_MESSAGE (WM_APP + 40)
#define FAST_MS 5          /* the doubles' sample period: a tick every 5 ms */
#define NEVER_MS 600000    /* a rescan period that no check outlasts */
#define PATIENCE_MS 3000   /* how long a check waits for the worker to act */
#define COUNT_SCALE 4096.0f /* a counting meter's peaks are calls / 4096: exact floats */


/* Polls cond every 5 ms for up to ms milliseconds (the worker runs on its own thread). */
#define WAIT_FOR(ms, cond)                                                                   \
    do {                                                                                     \
        ULONGLONG until_ = GetTickCount64() + (ms);                                          \
        while (!(cond) && GetTickCount64() < until_)                                         \
            Sleep(5);                                                                        \
    } while (0)

/* ---- the doubles --------------------------------------------------------------- */

/* One lock for every double's fields: the monitor's worker reads them while the test
   thread changes them. */
static CRITICAL_SECTION g_fake;
static LONG g_live; /* doubles whose reference count has not yet come back to zero */

#define IMPL(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

static ULONG fake_add_ref(LONG *refs)
{
    return (ULONG)InterlockedIncrement(refs);
}

/* Doubles are never freed (the checks read them after the monitor let go); reaching
   zero is only counted, so a forgotten Release shows as g_live > 0. */
static ULONG fake_release(LONG *refs)
{
    LONG left = InterlockedDecrement(refs);
    if (left == 0)
        InterlockedDecrement(&g_live);
    return (ULONG)left;
}

static void *fake_new(size_t size)
{
    void *p = calloc(1, size);
    if (p == NULL) {
        out("Bail out! out of memory");
        ExitProcess(2);
    }
    InterlockedIncrement(&g_live);
    return p;
}

static wchar_t *co_string(const wchar_t *s)
{
    size_t bytes = (wcslen(s) + 1) * sizeof(wchar_t);
    wchar_t *copy = CoTaskMemAlloc(bytes);
    if (copy != NULL)
        memcpy(copy, s, bytes);
    return copy;
}

/* -- a session: IAudioSessionControl2 + IAudioMeterInformation + ISimpleAudioVolume -- */

typedef struct FakeSession {
    IAudioSessionControl2 control;
    IAudioMeterInformation meter;
    ISimpleAudioVolume volume;
    LONG refs; /* the test's own reference is one */
    DWORD pid;
    AudioSessionState state;
    float peak;
    HRESULT peak_error; /* S_OK, or what GetPeakValue fails with */
    bool counting;      /* GetPeakValue gives calls / COUNT_SCALE */
    long peak_calls;
    BOOL muted;
    int mute_calls;
    wchar_t instance[64];
} FakeSession;

static HRESULT session_query(FakeSession *s, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAudioSessionControl) ||
        IsEqualIID(riid, &IID_IAudioSessionControl2))
        *ppv = &s->control;
    else if (IsEqualIID(riid, &IID_IAudioMeterInformation))
        *ppv = &s->meter;
    else if (IsEqualIID(riid, &IID_ISimpleAudioVolume))
        *ppv = &s->volume;
    else {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    fake_add_ref(&s->refs);
    return S_OK;
}

#define SESSION_OF(This) IMPL(This, FakeSession, control)

static HRESULT STDMETHODCALLTYPE sc_query(IAudioSessionControl2 *This, REFIID riid, void **ppv)
{
    return session_query(SESSION_OF(This), riid, ppv);
}
static ULONG STDMETHODCALLTYPE sc_add_ref(IAudioSessionControl2 *This)
{
    return fake_add_ref(&SESSION_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE sc_release(IAudioSessionControl2 *This)
{
    return fake_release(&SESSION_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE sc_get_state(IAudioSessionControl2 *This,
                                              AudioSessionState *state)
{
    EnterCriticalSection(&g_fake);
    *state = SESSION_OF(This)->state;
    LeaveCriticalSection(&g_fake);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE sc_get_string(IAudioSessionControl2 *This, LPWSTR *value)
{
    (void)This;
    *value = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sc_set_string(IAudioSessionControl2 *This, LPCWSTR value,
                                               LPCGUID context)
{
    (void)This;
    (void)value;
    (void)context;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sc_get_grouping(IAudioSessionControl2 *This, GUID *value)
{
    (void)This;
    (void)value;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sc_set_grouping(IAudioSessionControl2 *This, LPCGUID value,
                                                 LPCGUID context)
{
    (void)This;
    (void)value;
    (void)context;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sc_events(IAudioSessionControl2 *This,
                                           IAudioSessionEvents *events)
{
    (void)This;
    (void)events;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE sc_get_instance(IAudioSessionControl2 *This, LPWSTR *value)
{
    *value = co_string(SESSION_OF(This)->instance);
    return *value != NULL ? S_OK : E_OUTOFMEMORY;
}
static HRESULT STDMETHODCALLTYPE sc_get_pid(IAudioSessionControl2 *This, DWORD *pid)
{
    EnterCriticalSection(&g_fake);
    *pid = SESSION_OF(This)->pid;
    LeaveCriticalSection(&g_fake);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE sc_is_system(IAudioSessionControl2 *This)
{
    (void)This;
    return S_FALSE;
}
static HRESULT STDMETHODCALLTYPE sc_ducking(IAudioSessionControl2 *This, WINBOOL opt_out)
{
    (void)This;
    (void)opt_out;
    return E_NOTIMPL;
}

static IAudioSessionControl2Vtbl session_control_vtbl = {
    sc_query,      sc_add_ref,    sc_release,      sc_get_state,    sc_get_string,
    sc_set_string, sc_get_string, sc_set_string,   sc_get_grouping, sc_set_grouping,
    sc_events,     sc_events,     sc_get_string,   sc_get_instance, sc_get_pid,
    sc_is_system,  sc_ducking,
};

#define METER_OF(This) IMPL(This, FakeSession, meter)

static HRESULT STDMETHODCALLTYPE me_query(IAudioMeterInformation *This, REFIID riid,
                                          void **ppv)
{
    return session_query(METER_OF(This), riid, ppv);
}
static ULONG STDMETHODCALLTYPE me_add_ref(IAudioMeterInformation *This)
{
    return fake_add_ref(&METER_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE me_release(IAudioMeterInformation *This)
{
    return fake_release(&METER_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE me_peak(IAudioMeterInformation *This, float *peak)
{
    FakeSession *s = METER_OF(This);
    EnterCriticalSection(&g_fake);
    s->peak_calls++;
    HRESULT hr = s->peak_error;
    if (hr == S_OK)
        *peak = s->counting ? (float)s->peak_calls / COUNT_SCALE : s->peak;
    LeaveCriticalSection(&g_fake);
    return hr;
}
static HRESULT STDMETHODCALLTYPE me_channels(IAudioMeterInformation *This, UINT *count)
{
    (void)This;
    (void)count;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE me_channel_peaks(IAudioMeterInformation *This, UINT32 count,
                                                  float *peaks)
{
    (void)This;
    (void)count;
    (void)peaks;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE me_hardware(IAudioMeterInformation *This, DWORD *mask)
{
    (void)This;
    (void)mask;
    return E_NOTIMPL;
}

static IAudioMeterInformationVtbl session_meter_vtbl = {
    me_query, me_add_ref, me_release, me_peak, me_channels, me_channel_peaks, me_hardware,
};

#define VOLUME_OF(This) IMPL(This, FakeSession, volume)

static HRESULT STDMETHODCALLTYPE vo_query(ISimpleAudioVolume *This, REFIID riid, void **ppv)
{
    return session_query(VOLUME_OF(This), riid, ppv);
}
static ULONG STDMETHODCALLTYPE vo_add_ref(ISimpleAudioVolume *This)
{
    return fake_add_ref(&VOLUME_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE vo_release(ISimpleAudioVolume *This)
{
    return fake_release(&VOLUME_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE vo_set_level(ISimpleAudioVolume *This, float level,
                                              LPCGUID context)
{
    (void)This;
    (void)level;
    (void)context;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE vo_get_level(ISimpleAudioVolume *This, float *level)
{
    (void)This;
    (void)level;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE vo_set_mute(ISimpleAudioVolume *This, const WINBOOL mute,
                                             LPCGUID context)
{
    (void)context;
    EnterCriticalSection(&g_fake);
    VOLUME_OF(This)->muted = mute;
    VOLUME_OF(This)->mute_calls++;
    LeaveCriticalSection(&g_fake);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE vo_get_mute(ISimpleAudioVolume *This, WINBOOL *mute)
{
    EnterCriticalSection(&g_fake);
    *mute = VOLUME_OF(This)->muted;
    LeaveCriticalSection(&g_fake);
    return S_OK;
}

static ISimpleAudioVolumeVtbl session_volume_vtbl = {
    vo_query, vo_add_ref, vo_release, vo_set_level, vo_get_level, vo_set_mute, vo_get_mute,
};

static FakeSession *fake_session(DWORD pid, AudioSessionState state, float peak)
{
    static int serial;
    FakeSession *s = fake_new(sizeof *s);
    s->control.lpVtbl = &session_control_vtbl;
    s->meter.lpVtbl = &session_meter_vtbl;
    s->volume.lpVtbl = &session_volume_vtbl;
    s->refs = 1;
    s->pid = pid;
    s->state = state;
    s->peak = peak;
    _snwprintf(s->instance, 64, L"fake-session-%d|pid-%lu", ++serial, pid);
    return s;
}

/* -- IAudioSessionEnumerator: a snapshot of a manager's list --------------------- */

#define MAX_FAKE_SESSIONS 16

typedef struct FakeSessionList {
    IAudioSessionEnumerator iface;
    LONG refs;
    FakeSession *items[MAX_FAKE_SESSIONS];
    int count;
} FakeSessionList;

#define LIST_OF(This) IMPL(This, FakeSessionList, iface)

static HRESULT STDMETHODCALLTYPE sl_query(IAudioSessionEnumerator *This, REFIID riid,
                                          void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAudioSessionEnumerator)) {
        fake_add_ref(&LIST_OF(This)->refs);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE sl_add_ref(IAudioSessionEnumerator *This)
{
    return fake_add_ref(&LIST_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE sl_release(IAudioSessionEnumerator *This)
{
    FakeSessionList *list = LIST_OF(This);
    ULONG left = fake_release(&list->refs);
    if (left == 0) {
        for (int i = 0; i < list->count; i++)
            sc_release(&list->items[i]->control);
    }
    return left;
}
static HRESULT STDMETHODCALLTYPE sl_count(IAudioSessionEnumerator *This, int *count)
{
    *count = LIST_OF(This)->count;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE sl_session(IAudioSessionEnumerator *This, int index,
                                            IAudioSessionControl **session)
{
    FakeSessionList *list = LIST_OF(This);
    if (index < 0 || index >= list->count) {
        *session = NULL;
        return E_INVALIDARG;
    }
    sc_add_ref(&list->items[index]->control);
    /* IAudioSessionControl2's vtable begins with IAudioSessionControl's. */
    *session = (IAudioSessionControl *)&list->items[index]->control;
    return S_OK;
}

static IAudioSessionEnumeratorVtbl session_list_vtbl = {
    sl_query, sl_add_ref, sl_release, sl_count, sl_session,
};

/* -- IAudioSessionManager2 -------------------------------------------------------- */

typedef struct FakeManager {
    IAudioSessionManager2 iface;
    LONG refs;
    HRESULT enum_error; /* what GetSessionEnumerator fails with, or S_OK */
    FakeSession *sessions[MAX_FAKE_SESSIONS];
    int count;
    IAudioSessionNotification *listener;
    int registrations;
    int unregistrations;
} FakeManager;

#define MANAGER_OF(This) IMPL(This, FakeManager, iface)

static HRESULT STDMETHODCALLTYPE ma_query(IAudioSessionManager2 *This, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAudioSessionManager) ||
        IsEqualIID(riid, &IID_IAudioSessionManager2)) {
        fake_add_ref(&MANAGER_OF(This)->refs);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE ma_add_ref(IAudioSessionManager2 *This)
{
    return fake_add_ref(&MANAGER_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE ma_release(IAudioSessionManager2 *This)
{
    return fake_release(&MANAGER_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE ma_control(IAudioSessionManager2 *This, LPCGUID id,
                                            DWORD flags, IAudioSessionControl **out)
{
    (void)This;
    (void)id;
    (void)flags;
    *out = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ma_volume(IAudioSessionManager2 *This, LPCGUID id, DWORD flags,
                                           ISimpleAudioVolume **out)
{
    (void)This;
    (void)id;
    (void)flags;
    *out = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ma_enumerator(IAudioSessionManager2 *This,
                                               IAudioSessionEnumerator **out)
{
    FakeManager *manager = MANAGER_OF(This);
    *out = NULL;
    EnterCriticalSection(&g_fake);
    HRESULT hr = manager->enum_error;
    FakeSessionList *list = NULL;
    if (hr == S_OK) {
        list = fake_new(sizeof *list);
        list->iface.lpVtbl = &session_list_vtbl;
        list->refs = 1;
        for (int i = 0; i < manager->count; i++) {
            list->items[list->count++] = manager->sessions[i];
            sc_add_ref(&manager->sessions[i]->control);
        }
        *out = &list->iface;
    }
    LeaveCriticalSection(&g_fake);
    return hr;
}
static HRESULT STDMETHODCALLTYPE ma_register(IAudioSessionManager2 *This,
                                             IAudioSessionNotification *listener)
{
    FakeManager *manager = MANAGER_OF(This);
    IAudioSessionNotification_AddRef(listener);
    EnterCriticalSection(&g_fake);
    IAudioSessionNotification *old = manager->listener;
    manager->listener = listener;
    manager->registrations++;
    LeaveCriticalSection(&g_fake);
    if (old != NULL)
        IAudioSessionNotification_Release(old);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE ma_unregister(IAudioSessionManager2 *This,
                                               IAudioSessionNotification *listener)
{
    FakeManager *manager = MANAGER_OF(This);
    EnterCriticalSection(&g_fake);
    bool ours = manager->listener == listener && listener != NULL;
    if (ours) {
        manager->listener = NULL;
        manager->unregistrations++;
    }
    LeaveCriticalSection(&g_fake);
    if (ours)
        IAudioSessionNotification_Release(listener);
    return ours ? S_OK : E_INVALIDARG;
}
static HRESULT STDMETHODCALLTYPE ma_duck(IAudioSessionManager2 *This, LPCWSTR id,
                                         IAudioVolumeDuckNotification *listener)
{
    (void)This;
    (void)id;
    (void)listener;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ma_unduck(IAudioSessionManager2 *This,
                                           IAudioVolumeDuckNotification *listener)
{
    (void)This;
    (void)listener;
    return E_NOTIMPL;
}

static IAudioSessionManager2Vtbl manager_vtbl = {
    ma_query,      ma_add_ref,    ma_release, ma_control, ma_volume,
    ma_enumerator, ma_register, ma_unregister, ma_duck,    ma_unduck,
};

static FakeManager *fake_manager(HRESULT enum_error)
{
    FakeManager *m = fake_new(sizeof *m);
    m->iface.lpVtbl = &manager_vtbl;
    m->refs = 1;
    m->enum_error = enum_error;
    return m;
}

/* Puts a session in the manager's list (it holds a reference while listed). */
static void fake_list(FakeManager *manager, FakeSession *s)
{
    sc_add_ref(&s->control);
    EnterCriticalSection(&g_fake);
    manager->sessions[manager->count++] = s;
    LeaveCriticalSection(&g_fake);
}

static void fake_unlist(FakeManager *manager, FakeSession *s)
{
    bool found = false;
    EnterCriticalSection(&g_fake);
    for (int i = 0; i < manager->count && !found; i++) {
        if (manager->sessions[i] == s) {
            manager->sessions[i] = manager->sessions[--manager->count];
            found = true;
        }
    }
    LeaveCriticalSection(&g_fake);
    if (found)
        sc_release(&s->control);
}

static void fake_unlist_all(FakeManager *manager)
{
    while (manager->count > 0)
        fake_unlist(manager, manager->sessions[0]);
}

/* A new session starts: listed from now on, and announced to the registered listener
   from this (another) thread, as the audio service does. */
static bool fake_announce(FakeManager *manager, FakeSession *s)
{
    fake_list(manager, s);
    EnterCriticalSection(&g_fake);
    IAudioSessionNotification *listener = manager->listener;
    if (listener != NULL)
        IAudioSessionNotification_AddRef(listener);
    LeaveCriticalSection(&g_fake);
    if (listener == NULL)
        return false;
    IAudioSessionNotification_OnSessionCreated(listener, (IAudioSessionControl *)&s->control);
    IAudioSessionNotification_Release(listener);
    return true;
}

/* -- IMMDevice ------------------------------------------------------------------------ */

typedef struct FakeDevice {
    IMMDevice iface;
    LONG refs;
    FakeManager *manager;
    wchar_t id[64];
} FakeDevice;

#define DEVICE_OF(This) IMPL(This, FakeDevice, iface)

static HRESULT STDMETHODCALLTYPE de_query(IMMDevice *This, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMMDevice)) {
        fake_add_ref(&DEVICE_OF(This)->refs);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE de_add_ref(IMMDevice *This)
{
    return fake_add_ref(&DEVICE_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE de_release(IMMDevice *This)
{
    return fake_release(&DEVICE_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE de_activate(IMMDevice *This, REFIID riid, DWORD context,
                                             PROPVARIANT *params, void **ppv)
{
    (void)context;
    (void)params;
    FakeDevice *device = DEVICE_OF(This);
    if (!IsEqualIID(riid, &IID_IAudioSessionManager2)) {
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    ma_add_ref(&device->manager->iface);
    *ppv = &device->manager->iface;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE de_properties(IMMDevice *This, DWORD access,
                                               IPropertyStore **out)
{
    (void)This;
    (void)access;
    *out = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE de_id(IMMDevice *This, LPWSTR *id)
{
    *id = co_string(DEVICE_OF(This)->id);
    return *id != NULL ? S_OK : E_OUTOFMEMORY;
}
static HRESULT STDMETHODCALLTYPE de_state(IMMDevice *This, DWORD *state)
{
    (void)This;
    *state = DEVICE_STATE_ACTIVE;
    return S_OK;
}

static IMMDeviceVtbl device_vtbl = {
    de_query, de_add_ref, de_release, de_activate, de_properties, de_id, de_state,
};

static FakeDevice *fake_device(const wchar_t *id, FakeManager *manager)
{
    FakeDevice *d = fake_new(sizeof *d);
    d->iface.lpVtbl = &device_vtbl;
    d->refs = 1;
    d->manager = manager;
    _snwprintf(d->id, 64, L"%ls", id);
    return d;
}

/* -- IMMDeviceCollection --------------------------------------------------------------- */

#define MAX_FAKE_DEVICES 4

typedef struct FakeCollection {
    IMMDeviceCollection iface;
    LONG refs;
    FakeDevice *items[MAX_FAKE_DEVICES];
    UINT count;
} FakeCollection;

#define COLLECTION_OF(This) IMPL(This, FakeCollection, iface)

static HRESULT STDMETHODCALLTYPE co_query(IMMDeviceCollection *This, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMMDeviceCollection)) {
        fake_add_ref(&COLLECTION_OF(This)->refs);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE co_add_ref(IMMDeviceCollection *This)
{
    return fake_add_ref(&COLLECTION_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE co_release(IMMDeviceCollection *This)
{
    FakeCollection *c = COLLECTION_OF(This);
    ULONG left = fake_release(&c->refs);
    if (left == 0) {
        for (UINT i = 0; i < c->count; i++)
            de_release(&c->items[i]->iface);
    }
    return left;
}
static HRESULT STDMETHODCALLTYPE co_count(IMMDeviceCollection *This, UINT *count)
{
    *count = COLLECTION_OF(This)->count;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE co_item(IMMDeviceCollection *This, UINT index, IMMDevice **out)
{
    FakeCollection *c = COLLECTION_OF(This);
    if (index >= c->count) {
        *out = NULL;
        return E_INVALIDARG;
    }
    de_add_ref(&c->items[index]->iface);
    *out = &c->items[index]->iface;
    return S_OK;
}

static IMMDeviceCollectionVtbl collection_vtbl = {
    co_query, co_add_ref, co_release, co_count, co_item,
};

/* -- IMMDeviceEnumerator ------------------------------------------------------------------ */

typedef struct FakeEnumerator {
    IMMDeviceEnumerator iface;
    LONG refs;
    FakeDevice *devices[MAX_FAKE_DEVICES];
    UINT count;
    int listings;      /* EnumAudioEndpoints calls */
    bool asked_other;  /* some listing asked for anything but active render endpoints */
} FakeEnumerator;

#define ENUMERATOR_OF(This) IMPL(This, FakeEnumerator, iface)

static HRESULT STDMETHODCALLTYPE en_query(IMMDeviceEnumerator *This, REFIID riid, void **ppv)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMMDeviceEnumerator)) {
        fake_add_ref(&ENUMERATOR_OF(This)->refs);
        *ppv = This;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE en_add_ref(IMMDeviceEnumerator *This)
{
    return fake_add_ref(&ENUMERATOR_OF(This)->refs);
}
static ULONG STDMETHODCALLTYPE en_release(IMMDeviceEnumerator *This)
{
    return fake_release(&ENUMERATOR_OF(This)->refs);
}
static HRESULT STDMETHODCALLTYPE en_endpoints(IMMDeviceEnumerator *This, EDataFlow flow,
                                              DWORD mask, IMMDeviceCollection **out)
{
    FakeEnumerator *e = ENUMERATOR_OF(This);
    FakeCollection *c = fake_new(sizeof *c);
    c->iface.lpVtbl = &collection_vtbl;
    c->refs = 1;
    EnterCriticalSection(&g_fake);
    e->listings++;
    e->asked_other = e->asked_other || flow != eRender || mask != DEVICE_STATE_ACTIVE;
    for (UINT i = 0; i < e->count; i++) {
        c->items[c->count++] = e->devices[i];
        de_add_ref(&e->devices[i]->iface);
    }
    LeaveCriticalSection(&g_fake);
    *out = &c->iface;
    return S_OK;
}
/* No default endpoint at all: the monitor must list the endpoints, not ask for one. */
static HRESULT STDMETHODCALLTYPE en_default(IMMDeviceEnumerator *This, EDataFlow flow,
                                            ERole role, IMMDevice **out)
{
    (void)This;
    (void)flow;
    (void)role;
    *out = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE en_device(IMMDeviceEnumerator *This, LPCWSTR id,
                                           IMMDevice **out)
{
    (void)This;
    (void)id;
    *out = NULL;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE en_notify(IMMDeviceEnumerator *This,
                                           IMMNotificationClient *client)
{
    (void)This;
    (void)client;
    return E_NOTIMPL;
}

static IMMDeviceEnumeratorVtbl enumerator_vtbl = {
    en_query, en_add_ref, en_release, en_endpoints, en_default, en_device, en_notify, en_notify,
};

static FakeEnumerator *fake_enumerator(void)
{
    FakeEnumerator *e = fake_new(sizeof *e);
    e->iface.lpVtbl = &enumerator_vtbl;
    e->refs = 1;
    return e;
}

static void fake_plug(FakeEnumerator *e, FakeDevice *d)
{
    EnterCriticalSection(&g_fake);
    e->devices[e->count++] = d;
    LeaveCriticalSection(&g_fake);
}

/* The seam: the monitor asks for an enumerator on its worker thread. */
static HRESULT give_fake_enumerator(void *context, IMMDeviceEnumerator **out)
{
    FakeEnumerator *e = context;
    en_add_ref(&e->iface);
    *out = &e->iface;
    return S_OK;
}

/* Reads a double's field under the lock. */
#define FAKE_READ(expr, result)                                                              \
    do {                                                                                     \
        EnterCriticalSection(&g_fake);                                                       \
        (result) = (expr);                                                                   \
        LeaveCriticalSection(&g_fake);                                                       \
    } while (0)
#define FAKE_WRITE(lvalue, value)                                                            \
    do {                                                                                     \
        EnterCriticalSection(&g_fake);                                                       \
        (lvalue) = (value);                                                                  \
        LeaveCriticalSection(&g_fake);                                                       \
    } while (0)

/* ---- real processes: the fake browsers ------------------------------------------- */

typedef struct Browser {
    DWORD root;
    DWORD children[4];
    int child_count;
} Browser;


static int count_children(const wchar_t *pidfile, DWORD *pids, int max)
{
    HANDLE f = CreateFileW(pidfile, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 0;
    char text[2048];
    DWORD got = 0;
    if (!ReadFile(f, text, sizeof text - 1, &got, NULL))
        got = 0;
    CloseHandle(f);
    text[got] = '\0';
    int n = 0;
    for (char *line = text; *line != '\0' && n < max;) {
        char *end = strchr(line, '\n');
        if (end == NULL)
            break; /* a line still being written */
        *end = '\0';
        unsigned long pid = strtoul(line, NULL, 10);
        if (strstr(line, " child") != NULL)
            pids[n++] = (DWORD)pid;
        line = end + 1;
    }
    return n;
}

/* Starts a copy of fakebrowser.exe named image with children (a Chromium browser:
   chrome.exe or msedge.exe), in a folder of its own; waits until every child has
   written its PID. */
static bool start_browser(const wchar_t *image, int children, Browser *b)
{
    wchar_t args[32];
    _snwprintf(args, 32, L"--children %d", children);
    Program program;
    if (!start_program(L"fakebrowser.exe", image, image, args, L"Chrome_WidgetWin_1", &program))
        return false;
    CloseHandle(program.process); /* ended by PID, with its children, by end_browser */
    b->root = program.pid;
    WAIT_FOR(15000, (b->child_count = count_children(program.pidfile, b->children, 4)) >= children);
    return b->child_count == children;
}

static void end_process(DWORD pid)
{
    HANDLE h = OpenProcess(PROCESS_TERMINATE, FALSE, pid);
    if (h != NULL) {
        TerminateProcess(h, 0);
        CloseHandle(h);
    }
}

static void end_browser(const Browser *b)
{
    for (int i = 0; i < b->child_count; i++)
        end_process(b->children[i]);
    end_process(b->root);
}

/* ---- reading the monitor -------------------------------------------------------- */

static HWND g_notes;      /* message-only window that receives the monitor's messages */
static int g_snapshots;   /* AUDIOMON_NOTIFY_SNAPSHOT messages seen */
static int g_status_notes; /* AUDIOMON_NOTIFY_STATUS messages seen */

static void drain_notes(void)
{
    MSG msg;
    while (PeekMessageW(&msg, g_notes, NOTE_MESSAGE, NOTE_MESSAGE, PM_REMOVE)) {
        g_snapshots += msg.wParam == AUDIOMON_NOTIFY_SNAPSHOT;
        g_status_notes += msg.wParam == AUDIOMON_NOTIFY_STATUS;
    }
}

/* The newest peak of a root, or -1 when the monitor does not follow it. */
static float newest_peak(AudioMonitor *m, DWORD root)
{
    float peaks[AUDIO_WINDOW_SAMPLES];
    size_t count = 0;
    bool playing = false;
    if (!audiomon_peaks(m, root, peaks, AUDIO_WINDOW_SAMPLES, &count, &playing) || count == 0)
        return -1.0f;
    return peaks[count - 1];
}

static bool follows(AudioMonitor *m, DWORD pid)
{
    size_t count = 0;
    bool playing = false;
    return audiomon_peaks(m, pid, NULL, 0, &count, &playing);
}

static bool is_playing(AudioMonitor *m, DWORD pid)
{
    size_t count = 0;
    bool playing = false;
    return audiomon_peaks(m, pid, NULL, 0, &count, &playing) && playing;
}

static long peak_calls(FakeSession *s)
{
    long calls;
    FAKE_READ(s->peak_calls, calls);
    return calls;
}

static BOOL muted_of(FakeSession *s)
{
    BOOL muted;
    FAKE_READ(s->muted, muted);
    return muted;
}

static int mute_calls_of(FakeSession *s)
{
    int calls;
    FAKE_READ(s->mute_calls, calls);
    return calls;
}

static int listings_of(FakeEnumerator *e)
{
    int listings;
    FAKE_READ(e->listings, listings);
    return listings;
}

static LONG refs_of(FakeSession *s)
{
    return InterlockedCompareExchange(&s->refs, 0, 0);
}

static AudioMonitor *start_on(FakeEnumerator *e, DWORD rescan_ms)
{
    AudioMonitorSeam seam = {
        .create_enumerator = give_fake_enumerator,
        .context = e,
        .sample_ms = FAST_MS,
        .rescan_ms = rescan_ms,
    };
    return audiomon_start_with(g_notes, NOTE_MESSAGE, &seam);
}

/* After audiomon_stop and the test's own Releases, no double may still be referenced. */
static bool all_released(void)
{
    return InterlockedCompareExchange(&g_live, 0, 0) == 0;
}

/* ---- the scenarios -------------------------------------------------------------- */

static void test_null_monitor(void)
{
    float peaks[4];
    size_t count = 99;
    bool playing = true;
    char line[64] = "unchanged";
    DWORD roots[2];
    audiomon_mute(NULL, 1234, true);
    audiomon_stop(NULL);
    check(!audiomon_peaks(NULL, 1234, peaks, 4, &count, &playing) && count == 99 &&
              playing && !audiomon_status(NULL, line, sizeof line) &&
              strcmp(line, "unchanged") == 0 && audiomon_roots(NULL, roots, 2) == 0 &&
              !audiomon_listening(NULL),
          "a monitor that could not start (NULL) answers \"nothing known\" and never crashes");
}

/* Wine's measured behaviour, on doubles: the sessions of an endpoint cannot be listed. */
static void test_not_implemented(void)
{
    /* Two endpoints, as Wine shows with the PulseAudio null sink: the same reason twice
       must still be one line. */
    FakeEnumerator *e = fake_enumerator();
    FakeManager *manager = fake_manager(E_NOTIMPL);
    FakeManager *manager2 = fake_manager(E_NOTIMPL);
    FakeDevice *device = fake_device(L"{0.0.0.00000000}.{wine-like}", manager);
    FakeDevice *device2 = fake_device(L"{0.0.0.00000000}.{wine-like-2}", manager2);
    fake_plug(e, device);
    fake_plug(e, device2);
    g_status_notes = 0;
    AudioMonitor *m = start_on(e, 20); /* rescans every 20 ms: the reason must not repeat */
    char line[256] = "";
    WAIT_FOR(PATIENCE_MS, audiomon_status(m, line, sizeof line));
    if (!check(strstr(line, "audio sessions cannot be listed here") != NULL &&
                   strstr(line, "GetSessionEnumerator") != NULL &&
                   strstr(line, "0x80004001") != NULL,
               "E_NOTIMPL from GetSessionEnumerator is reported as one line naming the call "
               "and 0x80004001"))
        out("# got: \"%s\"", line);
    int listings_before = listings_of(e);
    WAIT_FOR(2000, listings_of(e) >= listings_before + 5);
    int listings_after = listings_of(e);
    char again[256] = "";
    bool repeated = audiomon_status(m, again, sizeof again);
    if (!check(listings_after >= listings_before + 5 && !repeated,
               "the reason is given once, for two endpoints and 5 more listings of them"))
        out("# listings %d -> %d; second line \"%s\"", listings_before, listings_after, again);
    drain_notes();
    check(g_status_notes == 1,
          "the UI window was told once, with wParam AUDIOMON_NOTIFY_STATUS");
    check(!audiomon_listening(m) && audiomon_roots(m, (DWORD[1]){0}, 1) == 0,
          "without listable sessions the monitor says it is not listening and follows no "
          "browser (the audio trait stays unknown)");
    audiomon_stop(m);
    int registrations, registrations2;
    FAKE_READ(manager->registrations, registrations);
    FAKE_READ(manager2->registrations, registrations2);
    de_release(&device->iface);
    de_release(&device2->iface);
    ma_release(&manager->iface);
    ma_release(&manager2->iface);
    en_release(&e->iface);
    check(registrations == 0 && registrations2 == 0 && all_released(),
          "after audiomon_stop every COM reference the monitor took is released");
}

static void test_no_device(void)
{
    FakeEnumerator *e = fake_enumerator();
    AudioMonitor *m = start_on(e, NEVER_MS);
    char line[256] = "";
    WAIT_FOR(PATIENCE_MS, audiomon_status(m, line, sizeof line));
    if (!check(strstr(line, "no active audio output device") != NULL,
               "no active output device is reported, and the monitor keeps running"))
        out("# got: \"%s\"", line);
    audiomon_stop(m);
    en_release(&e->iface);
    check(all_released(), "with no device, stopping releases the enumerator");
}

/* The session logic: roots, announcements, errors, mute, expiry. */
static void test_sessions(const Browser *chrome, const Browser *edge)
{
    DWORD self = GetCurrentProcessId();
    FakeEnumerator *e = fake_enumerator();
    /* The first endpoint cannot list its sessions; the second can: every active
       endpoint is followed, and one failing does not stop the others. */
    FakeManager *broken = fake_manager(E_NOTIMPL);
    FakeManager *manager = fake_manager(S_OK);
    FakeDevice *speakers = fake_device(L"{0.0.0.00000000}.{speakers}", broken);
    FakeDevice *headset = fake_device(L"{0.0.0.00000000}.{headset}", manager);
    fake_plug(e, speakers);
    fake_plug(e, headset);

    FakeSession *tab = fake_session(chrome->children[0], AudioSessionStateActive, 0.25f);
    FakeSession *own_mute = fake_session(chrome->children[0], AudioSessionStateInactive, 0.0f);
    own_mute->muted = TRUE; /* the person muted this one in the volume mixer */
    FakeSession *edge_page = fake_session(edge->root, AudioSessionStateActive, 0.5f);
    FakeSession *other = fake_session(self, AudioSessionStateActive, 0.9f);
    fake_list(manager, tab);
    fake_list(manager, own_mute);
    fake_list(manager, edge_page);
    fake_list(manager, other);

    g_snapshots = 0;
    AudioMonitor *m = start_on(e, NEVER_MS);
    WAIT_FOR(PATIENCE_MS, newest_peak(m, chrome->root) == 0.25f && follows(m, edge->root));
    check(newest_peak(m, chrome->root) == 0.25f && is_playing(m, chrome->root),
          "a session of Chrome's child process is followed under the browser's root PID, "
          "with its peak (0.25) and as playing");
    check(!follows(m, chrome->children[0]),
          "... and not under the child's own PID");
    check(newest_peak(m, edge->root) == 0.5f,
          "a session of the root process itself is followed (Edge, 0.5), on the second "
          "endpoint while the first cannot list its sessions");
    bool asked_other;
    FAKE_READ(e->asked_other, asked_other);
    check(listings_of(e) >= 1 && !asked_other,
          "endpoints are listed with EnumAudioEndpoints(eRender, DEVICE_STATE_ACTIVE) (the "
          "doubles offer no default endpoint)");
    DWORD roots[8];
    size_t root_count = audiomon_roots(m, roots, 8);
    check(root_count == 2 && peak_calls(other) == 0,
          "a session of a program that is not a browser is ignored: never sampled, no root");
    drain_notes();
    check(g_snapshots >= 1, "snapshots are posted to the UI window (AUDIOMON_NOTIFY_SNAPSHOT)");

    /* A second Chrome stream starts later and is announced. */
    FakeSession *late = fake_session(chrome->children[1], AudioSessionStateActive, 0.75f);
    bool announced = fake_announce(manager, late);
    WAIT_FOR(PATIENCE_MS, newest_peak(m, chrome->root) == 0.75f);
    check(announced && newest_peak(m, chrome->root) == 0.75f,
          "a session announced later through IAudioSessionNotification is followed: its "
          "root's level becomes the louder of its sessions (0.75)");

    /* GetPeakValue fails on Edge's session. */
    FAKE_WRITE(edge_page->peak_error, E_FAIL);
    WAIT_FOR(PATIENCE_MS, newest_peak(m, edge->root) == 0.0f);
    long tab_calls = peak_calls(tab), late_calls = peak_calls(late);
    WAIT_FOR(PATIENCE_MS, peak_calls(tab) > tab_calls + 3 && peak_calls(late) > late_calls + 3);
    check(peak_calls(tab) > tab_calls + 3 && peak_calls(late) > late_calls + 3 &&
              newest_peak(m, chrome->root) == 0.75f,
          "an error from GetPeakValue on one session (E_FAIL) leaves the other sessions "
          "sampled");
    check(newest_peak(m, edge->root) == 0.0f && is_playing(m, edge->root),
          "... the failing session counts as silent but playing, and is not dropped");
    FAKE_WRITE(edge_page->peak_error, S_OK);
    WAIT_FOR(PATIENCE_MS, newest_peak(m, edge->root) == 0.5f);
    check(newest_peak(m, edge->root) == 0.5f, "... its level comes back when GetPeakValue does");

    /* Mute Chrome. */
    audiomon_mute(m, chrome->root, true);
    WAIT_FOR(PATIENCE_MS, muted_of(tab) && muted_of(late));
    Sleep(10 * FAST_MS); /* time for a wrong mute to land too */
    check(muted_of(tab) && muted_of(late) && mute_calls_of(edge_page) == 0 &&
              mute_calls_of(other) == 0,
          "mute reaches both of Chrome's sessions and no other browser's or program's");
    FakeSession *later = fake_session(chrome->root, AudioSessionStateActive, 0.5f);
    fake_announce(manager, later);
    WAIT_FOR(PATIENCE_MS, muted_of(later));
    check(muted_of(later), "a session that starts while its browser is muted is muted too");
    audiomon_mute(m, chrome->root, false);
    WAIT_FOR(PATIENCE_MS, !muted_of(tab) && !muted_of(late) && !muted_of(later));
    check(!muted_of(tab) && !muted_of(late) && !muted_of(later) && muted_of(own_mute) &&
              mute_calls_of(own_mute) == 0,
          "unmute restores the sessions it muted and leaves the one the person had muted "
          "alone");

    /* Edge's only session expires. */
    FAKE_WRITE(edge_page->state, AudioSessionStateExpired);
    WAIT_FOR(PATIENCE_MS, !follows(m, edge->root));
    fake_unlist(manager, edge_page);
    check(!follows(m, edge->root) && refs_of(edge_page) == 1,
          "a session that expires is dropped: its root is no longer followed and every "
          "reference to it is released");

    /* The device of one Chrome session goes away mid-sample. */
    fake_unlist(manager, late);
    int listings = listings_of(e);
    FAKE_WRITE(late->peak_error, AUDCLNT_E_DEVICE_INVALIDATED);
    WAIT_FOR(PATIENCE_MS, refs_of(late) == 1 && listings_of(e) > listings);
    long tab_before = peak_calls(tab);
    WAIT_FOR(PATIENCE_MS, peak_calls(tab) > tab_before + 3);
    check(refs_of(late) == 1 && listings_of(e) > listings && peak_calls(tab) > tab_before + 3,
          "AUDCLNT_E_DEVICE_INVALIDATED drops that session at once, lists the endpoints "
          "again, and Chrome's other sessions go on");

    audiomon_stop(m);
    fake_unlist_all(manager);
    int registrations, unregistrations;
    FAKE_READ(manager->registrations, registrations);
    FAKE_READ(manager->unregistrations, unregistrations);
    FakeSession *sessions[] = {tab, own_mute, edge_page, other, late, later};
    for (size_t i = 0; i < sizeof sessions / sizeof sessions[0]; i++)
        sc_release(&sessions[i]->control);
    de_release(&speakers->iface);
    de_release(&headset->iface);
    ma_release(&broken->iface);
    ma_release(&manager->iface);
    en_release(&e->iface);
    check(registrations == 1 && unregistrations == 1 && all_released(),
          "stopping unregisters the notification and releases every COM reference");
}

/* The ring: 600 peaks at most, oldest first, no gap and no repeat. */
static void test_ring(const Browser *chrome)
{
    FakeEnumerator *e = fake_enumerator();
    FakeManager *manager = fake_manager(S_OK);
    FakeDevice *device = fake_device(L"{0.0.0.00000000}.{ring}", manager);
    fake_plug(e, device);
    FakeSession *counter = fake_session(chrome->children[0], AudioSessionStateActive, 0.0f);
    counter->counting = true; /* each GetPeakValue gives the next multiple of 1/4096 */
    fake_list(manager, counter);
    AudioMonitor *m = start_on(e, NEVER_MS);

    WAIT_FOR(8000, peak_calls(counter) >= 60);
    static float early[AUDIO_WINDOW_SAMPLES];
    size_t early_count = 0;
    bool playing = false;
    bool got = audiomon_peaks(m, chrome->root, early, AUDIO_WINDOW_SAMPLES, &early_count,
                              &playing);
    bool early_ordered = got && early_count >= 60 && early_count < AUDIO_WINDOW_SAMPLES;
    for (size_t i = 1; early_ordered && i < early_count; i++)
        early_ordered = early[i] * COUNT_SCALE == early[i - 1] * COUNT_SCALE + 1.0f;
    check(early_ordered && early[0] * COUNT_SCALE == 1.0f,
          "before the ring is full it holds every peak from the first, oldest first");

    WAIT_FOR(20000, peak_calls(counter) >= AUDIO_WINDOW_SAMPLES + 150);
    static float peaks[AUDIO_WINDOW_SAMPLES + 50];
    size_t count = 0;
    got = audiomon_peaks(m, chrome->root, peaks, AUDIO_WINDOW_SAMPLES + 50, &count, &playing);
    long calls = peak_calls(counter);
    bool ordered = got && count == AUDIO_WINDOW_SAMPLES;
    for (size_t i = 1; ordered && i < count; i++)
        ordered = peaks[i] * COUNT_SCALE == peaks[i - 1] * COUNT_SCALE + 1.0f;
    if (!check(ordered && peaks[0] * COUNT_SCALE > 150.0f &&
                   peaks[count - 1] * COUNT_SCALE <= (float)calls,
               "after more than 600 ticks the ring holds exactly the last 600 peaks, oldest "
               "first, each one tick after the one before"))
        out("# count %u, first %g, last %g, calls %ld", (unsigned)count,
            (double)(peaks[0] * COUNT_SCALE), (double)(count ? peaks[count - 1] * COUNT_SCALE : 0),
            calls);

    float recent[10];
    size_t recent_count = 0;
    got = audiomon_peaks(m, chrome->root, recent, 10, &recent_count, &playing);
    bool recent_ordered = got && recent_count == 10;
    for (size_t i = 1; recent_ordered && i < recent_count; i++)
        recent_ordered = recent[i] * COUNT_SCALE == recent[i - 1] * COUNT_SCALE + 1.0f;
    check(recent_ordered && recent[0] * COUNT_SCALE > peaks[count - 1] * COUNT_SCALE - 10.0f,
          "asking for 10 gives the 10 most recent peaks, oldest first");

    audiomon_stop(m);
    fake_unlist_all(manager);
    sc_release(&counter->control);
    de_release(&device->iface);
    ma_release(&manager->iface);
    en_release(&e->iface);
    check(all_released(), "the ring's monitor releases every COM reference when stopped");
}

/* The real thing: Wine 8's audio stack with the PulseAudio null sink. */
static void test_real_wine(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll == NULL || GetProcAddress(ntdll, "wine_get_version") == NULL) {
        check(true, "# SKIP the real audio stack is checked under Wine only");
        return;
    }
    AudioMonitor *m = audiomon_start(g_notes, NOTE_MESSAGE);
    char line[256] = "", all[1024] = "";
    bool found = false;
    ULONGLONG until = GetTickCount64() + 10000;
    while (!found && GetTickCount64() < until) {
        if (audiomon_status(m, line, sizeof line)) {
            strncat(all, line, sizeof all - strlen(all) - 3);
            strcat(all, "; ");
            found = strstr(line, "GetSessionEnumerator") != NULL &&
                    strstr(line, "0x80004001") != NULL;
        } else {
            Sleep(20);
        }
    }
    if (!check(m != NULL && found,
               "under Wine, audiomon_start on the real enumerator reports GetSessionEnumerator's "
               "E_NOTIMPL (0x80004001) instead of crashing"))
        out("# status lines: %s%s", all[0] ? all : "(none)",
            strstr(all, "no active audio output device") != NULL
                ? " (Wine found no output device: is the PulseAudio null sink reachable?)"
                : "");
    Sleep(300); /* a few worker rounds after the failure */
    ULONGLONG before = GetTickCount64();
    audiomon_stop(m);
    check(m != NULL && GetTickCount64() - before < 2000,
          "... and carries on until audiomon_stop, which returns within 2 s");
}

/* ---- the process tree --------------------------------------------------------------- */

/* Start times for a snapshot of the test's own making; 0 means "would not say". */
typedef struct StartTime {
    DWORD pid;
    ULONGLONG started;
} StartTime;
static const StartTime *g_times;
static size_t g_time_count;

static bool test_started_at(DWORD pid, ULONGLONG *started)
{
    for (size_t i = 0; i < g_time_count; i++) {
        if (g_times[i].pid == pid && g_times[i].started != 0) {
            *started = g_times[i].started;
            return true;
        }
    }
    return false;
}

static DWORD root_of(ProcessInfo *items, size_t count, DWORD pid)
{
    ProcessSnapshot snap = {.items = items, .count = count};
    const ProcessInfo *root = proctree_root_in(&snap, pid, test_started_at);
    return root != NULL ? root->pid : 0;
}

/* Which browser process a helper's sound belongs to (proctree.c), on made-up process
   lists: the walk must stop at a parent PID that a newer process has taken. */
static void test_process_tree(void)
{
    ProcessInfo tree[] = {
        {.pid = 4, .parent = 0, .image = L"explorer.exe"},
        {.pid = 100, .parent = 4, .image = L"chrome.exe"},  /* the browser */
        {.pid = 200, .parent = 100, .image = L"Chrome.exe"}, /* a utility process */
        {.pid = 300, .parent = 200, .image = L"chrome.exe"}, /* a grandchild */
        {.pid = 400, .parent = 100, .image = L"notepad.exe"},
    };
    size_t n = sizeof tree / sizeof tree[0];
    static const StartTime in_order[] = {
        {4, 1}, {100, 10}, {200, 20}, {300, 30}, {400, 40}};
    g_times = in_order;
    g_time_count = 5;
    check(root_of(tree, n, 300) == 100 && root_of(tree, n, 200) == 100 &&
              root_of(tree, n, 100) == 100,
          "process tree: a helper's root is the browser process, through parents of its image "
          "(whatever the case)");
    check(root_of(tree, n, 400) == 400, "process tree: a process of another image is its own root");
    check(root_of(tree, n, 999) == 0, "process tree: a process not in the list has no root");

    /* The browser (100) exited and a newer chrome.exe was given PID 100: it started
       after the utility process that still names 100 as its parent. */
    static const StartTime reused[] = {
        {4, 1}, {100, 25}, {200, 20}, {300, 30}, {400, 40}};
    g_times = reused;
    check(root_of(tree, n, 300) == 200,
          "process tree: a parent PID taken by a newer process is not followed");

    static const StartTime unknown[] = {
        {4, 1}, {100, 10}, {200, 0}, {300, 30}, {400, 40}};
    g_times = unknown;
    check(root_of(tree, n, 300) == 300 && root_of(tree, n, 200) == 200,
          "process tree: the walk stops at a process whose start time cannot be read");

    ProcessInfo cycle[] = {
        {.pid = 500, .parent = 600, .image = L"chrome.exe"},
        {.pid = 600, .parent = 500, .image = L"chrome.exe"},
    };
    static const StartTime same_time[] = {{500, 7}, {600, 7}};
    g_times = same_time;
    g_time_count = 2;
    DWORD root = root_of(cycle, 2, 500);
    check(root == 500 || root == 600,
          "process tree: a cycle of PIDs ends the walk, no endless loop");
}

/* ---- main ------------------------------------------------------------------------ */


int WINAPI wWinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmdline, int show)
{
    (void)inst;
    (void)prev;
    (void)cmdline; /* __wargv has it already split */
    (void)show;
    if (!driver_begin("test-audiomon.exe", 90000))
        return TP_EXIT_USAGE;
    InitializeCriticalSection(&g_fake);
    g_notes = CreateWindowExW(0, L"STATIC", L"notes", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, NULL,
                              NULL);

    Browser chrome = {0}, edge = {0};
    bool browsers = start_browser(L"chrome.exe", 2, &chrome) &&
                    start_browser(L"msedge.exe", 1, &edge);
    check(browsers && g_notes != NULL,
          "fake browsers run as chrome.exe (2 children) and msedge.exe (1 child)");

    test_process_tree();
    test_null_monitor();
    test_not_implemented();
    test_no_device();
    if (browsers) {
        test_sessions(&chrome, &edge);
        test_ring(&chrome);
    }
    test_real_wine();

    end_browser(&chrome);
    end_browser(&edge);
    out("1..%d", g_checks);
    return g_failures == 0 ? 0 : 1;
}
