/*
 * audiomon.c - see audiomon.h.
 *
 * Threads. The worker owns every COM pointer (enumerator, endpoints, sessions) and
 * uses them only on its own thread, so they need no lock. The UI thread sees only the
 * peak rings, the queued mute requests and the status lines, under m->lock, which is
 * held for copies only and never across a COM call: a slow audio service can delay
 * the worker but never the UI. The session notification may be called on any thread
 * of the audio service; it only keeps a reference to the new session and queues it
 * for the worker (the worker decides what it is).
 *
 * Limits. A session shared by several processes has no single PID and is ignored. A
 * session whose meter cannot be read still counts as playing, with silence as its
 * level. New endpoints (a headset plugged in) are found at the next rescan, every
 * rescan_ms, not at once. Whether Windows remembers a session's mute for the next run
 * of the same browser is not handled here (see the report of the Wine tests).
 */
#include <initguid.h> /* before any COM header: this file defines the IIDs (audiocom.h) */

#include "audiomon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browser.h"
#include "proctree.h"

#define STOP_WAIT_MS 2000
#define DEFAULT_RESCAN_MS 10000
#define MAX_ENDPOINTS 32
#define MAX_SESSIONS 256
#define INBOX_CAPACITY 64  /* more at once wait for the next rescan */
#define MAX_REQUESTS AUDIOMON_MAX_ROOTS
#define STATUS_QUEUE 8     /* unread reasons kept for the UI */
#define STATUS_LENGTH 200
#define STATUS_REMEMBERED 16 /* distinct reasons remembered, so each is given once */

/* ---- the session notification: an inbox the worker empties ------------------ */

typedef struct SessionInbox {
    IAudioSessionNotification iface; /* first: the interface pointer is the object */
    LONG refs;
    CRITICAL_SECTION lock;
    HANDLE ready; /* auto-reset; set when a session is queued */
    IAudioSessionControl *queued[INBOX_CAPACITY];
    size_t count;
} SessionInbox;

static ULONG STDMETHODCALLTYPE inbox_add_ref(IAudioSessionNotification *This)
{
    return (ULONG)InterlockedIncrement(&((SessionInbox *)This)->refs);
}

static ULONG STDMETHODCALLTYPE inbox_release(IAudioSessionNotification *This)
{
    SessionInbox *inbox = (SessionInbox *)This;
    LONG refs = InterlockedDecrement(&inbox->refs);
    if (refs == 0) {
        for (size_t i = 0; i < inbox->count; i++)
            IAudioSessionControl_Release(inbox->queued[i]);
        CloseHandle(inbox->ready);
        DeleteCriticalSection(&inbox->lock);
        free(inbox);
    }
    return (ULONG)refs;
}

static HRESULT STDMETHODCALLTYPE inbox_query_interface(IAudioSessionNotification *This,
                                                       REFIID riid, void **out)
{
    if (out == NULL)
        return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IAudioSessionNotification)) {
        inbox_add_ref(This);
        *out = This;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* Called by the audio service, on its thread: keep the session, wake the worker. */
static HRESULT STDMETHODCALLTYPE inbox_on_session_created(IAudioSessionNotification *This,
                                                          IAudioSessionControl *session)
{
    SessionInbox *inbox = (SessionInbox *)This;
    if (session == NULL)
        return S_OK;
    EnterCriticalSection(&inbox->lock);
    if (inbox->count < INBOX_CAPACITY) { /* full: the next rescan lists it anyway */
        IAudioSessionControl_AddRef(session);
        inbox->queued[inbox->count++] = session;
    }
    LeaveCriticalSection(&inbox->lock);
    SetEvent(inbox->ready);
    return S_OK;
}

static const IAudioSessionNotificationVtbl inbox_vtbl = {
    inbox_query_interface,
    inbox_add_ref,
    inbox_release,
    inbox_on_session_created,
};

static SessionInbox *inbox_new(void)
{
    SessionInbox *inbox = calloc(1, sizeof *inbox);
    if (inbox == NULL)
        return NULL;
    inbox->ready = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (inbox->ready == NULL) {
        free(inbox);
        return NULL;
    }
    inbox->iface.lpVtbl = (IAudioSessionNotificationVtbl *)&inbox_vtbl;
    inbox->refs = 1;
    InitializeCriticalSection(&inbox->lock);
    return inbox;
}

/* ---- the monitor ----------------------------------------------------------- */

typedef struct PeakRing {
    DWORD root;
    bool playing;
    size_t start; /* index of the oldest peak */
    size_t count;
    float peaks[AUDIO_WINDOW_SAMPLES];
} PeakRing;

typedef struct MuteRequest {
    DWORD root;
    bool mute;
} MuteRequest;

typedef struct Endpoint {
    wchar_t *id;                    /* CoTaskMem; how a rescan recognises the device */
    IAudioSessionManager2 *manager; /* NULL: its sessions cannot be listed (not retried) */
    bool registered;                /* the inbox is registered with manager */
    bool present;                   /* listed by the current rescan */
} Endpoint;

typedef struct Session {
    IAudioSessionControl2 *control;
    IAudioMeterInformation *meter; /* NULL when not a browser's or not offered */
    ISimpleAudioVolume *volume;    /* likewise */
    wchar_t *instance;             /* CoTaskMem; tells sessions apart across listings */
    DWORD pid;
    DWORD root;       /* 0: not a browser's; kept only so it is not examined again */
    bool muted_by_us; /* so that unmuting never lifts the person's own mute */
} Session;

/* Everything only the worker thread touches. */
typedef struct Worker {
    IMMDeviceEnumerator *enumerator;
    Endpoint endpoints[MAX_ENDPOINTS];
    size_t endpoint_count;
    Session sessions[MAX_SESSIONS];
    size_t session_count;
    DWORD muted_roots[AUDIOMON_MAX_ROOTS]; /* mute wishes, applied to later sessions too */
    size_t muted_count;
    char reported[STATUS_REMEMBERED][STATUS_LENGTH];
    size_t reported_count;
    bool rescan_soon; /* a device went away: list the endpoints again now */
    bool had_rings;   /* rings were published: one more publish empties them */
} Worker;

struct AudioMonitor {
    HWND notify;
    UINT message;
    AudioMonitorSeam seam;
    HANDLE thread;
    HANDLE wake; /* auto-reset: a mute request or stop */
    SessionInbox *inbox;
    volatile LONG stopping;
    volatile LONG snapshot_posted; /* a snapshot message is in the UI's queue */
    Worker worker;

    CRITICAL_SECTION lock; /* guards what follows */
    PeakRing rings[AUDIOMON_MAX_ROOTS];
    size_t ring_count;
    MuteRequest requests[MAX_REQUESTS];
    size_t request_count;
    char statuses[STATUS_QUEUE][STATUS_LENGTH];
    size_t status_count;
    bool listening;
};

static void post(AudioMonitor *m, WPARAM what)
{
    if (m->notify != NULL && !PostMessageW(m->notify, m->message, what, 0) &&
        what == AUDIOMON_NOTIFY_SNAPSHOT)
        InterlockedExchange(&m->snapshot_posted, 0); /* none queued after all */
}

/* Queues one line for audiomon_status, unless the same line was given before. */
static void report(AudioMonitor *m, const char *what, const char *api, HRESULT hr)
{
    Worker *w = &m->worker;
    char line[STATUS_LENGTH];
    if (api != NULL)
        snprintf(line, sizeof line, "%s (%s: 0x%08lX)", what, api, (unsigned long)hr);
    else
        snprintf(line, sizeof line, "%s", what);
    for (size_t i = 0; i < w->reported_count; i++) {
        if (strcmp(w->reported[i], line) == 0)
            return;
    }
    if (w->reported_count == STATUS_REMEMBERED)
        return; /* so much is failing that more lines would only repeat it */
    memcpy(w->reported[w->reported_count++], line, sizeof line);
    EnterCriticalSection(&m->lock);
    bool queued = m->status_count < STATUS_QUEUE;
    if (queued)
        memcpy(m->statuses[m->status_count++], line, sizeof line);
    LeaveCriticalSection(&m->lock);
    if (queued)
        post(m, AUDIOMON_NOTIFY_STATUS);
}

/* ---- sessions ---------------------------------------------------------------- */

/* The root process of pid when pid is a browser's process, else 0. */
static DWORD browser_root(DWORD pid)
{
    DWORD root = 0;
    wchar_t image[MAX_PATH];
    char utf8[MAX_PATH * 3];
    if (pid == 0 || !proctree_root(pid, &root, image, MAX_PATH))
        return 0;
    if (WideCharToMultiByte(CP_UTF8, 0, image, -1, utf8, (int)sizeof utf8, NULL, NULL) == 0)
        return 0;
    return browser_family_of_image(utf8) != BROWSER_NONE ? root : 0;
}

static bool root_is_muted(const Worker *w, DWORD root)
{
    for (size_t i = 0; i < w->muted_count; i++) {
        if (w->muted_roots[i] == root)
            return true;
    }
    return false;
}

static void mute_session(Session *s, bool mute)
{
    if (s->volume == NULL)
        return;
    if (mute) {
        BOOL already = FALSE;
        if (s->muted_by_us ||
            (SUCCEEDED(ISimpleAudioVolume_GetMute(s->volume, &already)) && already))
            return; /* muted by the person: not ours to lift later */
        if (SUCCEEDED(ISimpleAudioVolume_SetMute(s->volume, TRUE, NULL)))
            s->muted_by_us = true;
    } else if (s->muted_by_us) {
        ISimpleAudioVolume_SetMute(s->volume, FALSE, NULL);
        s->muted_by_us = false;
    }
}

/* True when the session is already followed: the same instance identifier, or the
   same interface pointer when the session gave no identifier. */
static bool session_known(const Worker *w, const IAudioSessionControl2 *control,
                          const wchar_t *instance)
{
    for (size_t i = 0; i < w->session_count; i++) {
        const Session *s = &w->sessions[i];
        if (s->control == control ||
            (instance != NULL && s->instance != NULL && wcscmp(s->instance, instance) == 0))
            return true;
    }
    return false;
}

/* Follows a session newly listed or announced (control stays the caller's). */
static void consider_session(Worker *w, IAudioSessionControl *control)
{
    IAudioSessionControl2 *control2 = NULL;
    if (FAILED(IAudioSessionControl_QueryInterface(control, &IID_IAudioSessionControl2,
                                                   (void **)&control2)) ||
        control2 == NULL)
        return;
    wchar_t *instance = NULL;
    if (FAILED(IAudioSessionControl2_GetSessionInstanceIdentifier(control2, &instance)))
        instance = NULL;
    AudioSessionState state = AudioSessionStateExpired;
    if (w->session_count == MAX_SESSIONS || session_known(w, control2, instance) ||
        FAILED(IAudioSessionControl2_GetState(control2, &state)) ||
        state == AudioSessionStateExpired) {
        CoTaskMemFree(instance);
        IAudioSessionControl2_Release(control2);
        return;
    }
    Session *s = &w->sessions[w->session_count++];
    memset(s, 0, sizeof *s);
    s->control = control2;
    s->instance = instance;
    DWORD pid = 0;
    /* S_OK only: AUDCLNT_S_NO_SINGLE_PROCESS (a success code) means no single owner. */
    if (IAudioSessionControl2_GetProcessId(control2, &pid) == S_OK) {
        s->pid = pid;
        s->root = browser_root(pid);
    }
    if (s->root == 0)
        return;
    if (FAILED(IAudioSessionControl2_QueryInterface(control2, &IID_IAudioMeterInformation,
                                                    (void **)&s->meter)))
        s->meter = NULL;
    if (FAILED(IAudioSessionControl2_QueryInterface(control2, &IID_ISimpleAudioVolume,
                                                    (void **)&s->volume)))
        s->volume = NULL;
    if (root_is_muted(w, s->root))
        mute_session(s, true); /* a muted page that opens a new stream stays muted */
}

static void drop_session(Worker *w, size_t i)
{
    Session *s = &w->sessions[i];
    if (s->volume != NULL)
        ISimpleAudioVolume_Release(s->volume);
    if (s->meter != NULL)
        IAudioMeterInformation_Release(s->meter);
    IAudioSessionControl2_Release(s->control);
    CoTaskMemFree(s->instance);
    w->sessions[i] = w->sessions[--w->session_count]; /* order does not matter */
}

static size_t browser_session_count(const Worker *w)
{
    size_t n = 0;
    for (size_t i = 0; i < w->session_count; i++)
        n += w->sessions[i].root != 0;
    return n;
}

/* Lists the sessions of one endpoint and follows the new ones. */
static HRESULT list_sessions(Worker *w, IAudioSessionManager2 *manager)
{
    IAudioSessionEnumerator *sessions = NULL;
    HRESULT hr = IAudioSessionManager2_GetSessionEnumerator(manager, &sessions);
    if (FAILED(hr))
        return hr;
    if (sessions == NULL)
        return E_POINTER;
    int count = 0;
    if (FAILED(IAudioSessionEnumerator_GetCount(sessions, &count)))
        count = 0;
    for (int i = 0; i < count; i++) {
        IAudioSessionControl *control = NULL;
        if (SUCCEEDED(IAudioSessionEnumerator_GetSession(sessions, i, &control)) &&
            control != NULL) {
            consider_session(w, control);
            IAudioSessionControl_Release(control);
        }
    }
    IAudioSessionEnumerator_Release(sessions);
    return S_OK;
}

static void take_announced_sessions(AudioMonitor *m)
{
    SessionInbox *inbox = m->inbox;
    IAudioSessionControl *batch[INBOX_CAPACITY];
    EnterCriticalSection(&inbox->lock);
    size_t n = inbox->count;
    memcpy(batch, inbox->queued, n * sizeof batch[0]);
    inbox->count = 0;
    LeaveCriticalSection(&inbox->lock);
    for (size_t i = 0; i < n; i++) {
        consider_session(&m->worker, batch[i]);
        IAudioSessionControl_Release(batch[i]);
    }
}

/* ---- endpoints ------------------------------------------------------------- */

/* Follows a newly listed endpoint (takes id). Sessions are listed before the
   notification is registered: Windows announces new sessions only to a client that
   has listed them. One that starts in between is found by the next rescan. */
static void add_endpoint(AudioMonitor *m, IMMDevice *device, wchar_t *id)
{
    Worker *w = &m->worker;
    if (w->endpoint_count == MAX_ENDPOINTS) {
        CoTaskMemFree(id);
        return;
    }
    Endpoint *e = &w->endpoints[w->endpoint_count++];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->present = true;
    IAudioSessionManager2 *manager = NULL;
    HRESULT hr = IMMDevice_Activate(device, &IID_IAudioSessionManager2, CLSCTX_ALL, NULL,
                                    (void **)&manager);
    if (FAILED(hr) || manager == NULL) {
        report(m, "audio sessions cannot be opened on an output device",
               "Activate(IAudioSessionManager2)", FAILED(hr) ? hr : E_POINTER);
        return;
    }
    hr = list_sessions(w, manager);
    if (FAILED(hr)) {
        report(m, "audio sessions cannot be listed here", "GetSessionEnumerator", hr);
        IAudioSessionManager2_Release(manager);
        return;
    }
    e->manager = manager;
    hr = IAudioSessionManager2_RegisterSessionNotification(manager, &m->inbox->iface);
    if (FAILED(hr))
        report(m, "new audio sessions are noticed only when the devices are listed again",
               "RegisterSessionNotification", hr);
    else
        e->registered = true;
}

static void remove_endpoint(AudioMonitor *m, size_t i)
{
    Worker *w = &m->worker;
    Endpoint *e = &w->endpoints[i];
    if (e->registered)
        IAudioSessionManager2_UnregisterSessionNotification(e->manager, &m->inbox->iface);
    if (e->manager != NULL)
        IAudioSessionManager2_Release(e->manager);
    CoTaskMemFree(e->id);
    w->endpoints[i] = w->endpoints[--w->endpoint_count];
}

static Endpoint *find_endpoint(Worker *w, const wchar_t *id)
{
    for (size_t i = 0; i < w->endpoint_count; i++) {
        if (wcscmp(w->endpoints[i].id, id) == 0)
            return &w->endpoints[i];
    }
    return NULL;
}

/* Lists the active render endpoints again: follows new ones, lists the sessions of
   known ones (catching any the notification missed), forgets the ones gone. */
static void rescan(AudioMonitor *m)
{
    Worker *w = &m->worker;
    HRESULT hr;
    if (w->enumerator == NULL) {
        hr = m->seam.create_enumerator(m->seam.context, &w->enumerator);
        if (FAILED(hr) || w->enumerator == NULL) {
            w->enumerator = NULL;
            report(m, "audio output devices cannot be listed here",
                   "CoCreateInstance(MMDeviceEnumerator)", FAILED(hr) ? hr : E_POINTER);
            return;
        }
    }
    IMMDeviceCollection *devices = NULL;
    hr = IMMDeviceEnumerator_EnumAudioEndpoints(w->enumerator, eRender, DEVICE_STATE_ACTIVE,
                                                &devices);
    if (FAILED(hr) || devices == NULL) {
        report(m, "audio output devices cannot be listed here", "EnumAudioEndpoints",
               FAILED(hr) ? hr : E_POINTER);
        return;
    }
    for (size_t i = 0; i < w->endpoint_count; i++)
        w->endpoints[i].present = false;
    UINT count = 0;
    if (FAILED(IMMDeviceCollection_GetCount(devices, &count)))
        count = 0;
    for (UINT i = 0; i < count; i++) {
        IMMDevice *device = NULL;
        wchar_t *id = NULL;
        if (FAILED(IMMDeviceCollection_Item(devices, i, &device)) || device == NULL)
            continue;
        if (SUCCEEDED(IMMDevice_GetId(device, &id)) && id != NULL) {
            Endpoint *known = find_endpoint(w, id);
            if (known == NULL) {
                add_endpoint(m, device, id);
            } else {
                CoTaskMemFree(id);
                known->present = true;
                if (known->manager != NULL)
                    list_sessions(w, known->manager);
            }
        }
        IMMDevice_Release(device);
    }
    IMMDeviceCollection_Release(devices);
    for (size_t i = w->endpoint_count; i-- > 0;) {
        if (!w->endpoints[i].present)
            remove_endpoint(m, i);
    }
    if (w->endpoint_count == 0)
        report(m, "no active audio output device: browser sound is not followed until one "
                  "appears", NULL, S_OK);

    /* Sessions of other programs are only looked at here, to let go of ended ones. */
    for (size_t i = w->session_count; i-- > 0;) {
        AudioSessionState state;
        if (w->sessions[i].root == 0 &&
            (FAILED(IAudioSessionControl2_GetState(w->sessions[i].control, &state)) ||
             state == AudioSessionStateExpired))
            drop_session(w, i);
    }
    bool listening = false;
    for (size_t i = 0; i < w->endpoint_count; i++)
        listening = listening || w->endpoints[i].manager != NULL;
    EnterCriticalSection(&m->lock);
    m->listening = listening;
    LeaveCriticalSection(&m->lock);
}

/* ---- sampling ------------------------------------------------------------------ */

typedef struct RootSample {
    DWORD root;
    float peak;
    bool playing;
} RootSample;

static void ring_push(PeakRing *r, float peak)
{
    if (r->count < AUDIO_WINDOW_SAMPLES) {
        r->peaks[(r->start + r->count) % AUDIO_WINDOW_SAMPLES] = peak;
        r->count++;
    } else { /* full: the newest takes the oldest's place */
        r->peaks[r->start] = peak;
        r->start = (r->start + 1) % AUDIO_WINDOW_SAMPLES;
    }
}

static PeakRing *find_ring(AudioMonitor *m, DWORD root)
{
    for (size_t i = 0; i < m->ring_count; i++) {
        if (m->rings[i].root == root)
            return &m->rings[i];
    }
    return NULL;
}

/* Gives one tick's samples to the UI side: a ring per root that has sessions. */
static void publish(AudioMonitor *m, const RootSample *samples, size_t n)
{
    EnterCriticalSection(&m->lock);
    for (size_t i = m->ring_count; i-- > 0;) {
        bool kept = false;
        for (size_t j = 0; j < n && !kept; j++)
            kept = samples[j].root == m->rings[i].root;
        if (!kept) /* its last session ended: its history no longer describes a page */
            m->rings[i] = m->rings[--m->ring_count];
    }
    for (size_t j = 0; j < n; j++) {
        PeakRing *r = find_ring(m, samples[j].root);
        if (r == NULL) {
            r = &m->rings[m->ring_count++]; /* n <= AUDIOMON_MAX_ROOTS: there is room */
            r->root = samples[j].root;
            r->start = 0;
            r->count = 0;
        }
        ring_push(r, samples[j].peak);
        r->playing = samples[j].playing;
    }
    bool any = m->ring_count > 0;
    LeaveCriticalSection(&m->lock);
    if ((any || m->worker.had_rings) && InterlockedCompareExchange(&m->snapshot_posted, 1, 0) == 0)
        post(m, AUDIOMON_NOTIFY_SNAPSHOT);
    m->worker.had_rings = any;
}

/* One tick: each browser session's state and peak, the loudest per root. */
static void sample(AudioMonitor *m)
{
    Worker *w = &m->worker;
    RootSample samples[AUDIOMON_MAX_ROOTS];
    size_t n = 0;
    for (size_t i = 0; i < w->session_count;) {
        Session *s = &w->sessions[i];
        if (s->root == 0) {
            i++;
            continue;
        }
        AudioSessionState state;
        HRESULT hr = IAudioSessionControl2_GetState(s->control, &state);
        if (FAILED(hr) || state == AudioSessionStateExpired) {
            w->rescan_soon = w->rescan_soon || hr == AUDCLNT_E_DEVICE_INVALIDATED;
            drop_session(w, i); /* the last session moved to i: look at i again */
            continue;
        }
        bool active = state == AudioSessionStateActive;
        float peak = 0.0f;
        if (active && s->meter != NULL) {
            hr = IAudioMeterInformation_GetPeakValue(s->meter, &peak);
            if (hr == AUDCLNT_E_DEVICE_INVALIDATED) {
                w->rescan_soon = true;
                drop_session(w, i);
                continue;
            }
            if (FAILED(hr))
                peak = 0.0f; /* unknown for this tick; the other sessions still count */
        }
        RootSample *r = NULL;
        for (size_t j = 0; j < n && r == NULL; j++)
            r = samples[j].root == s->root ? &samples[j] : NULL;
        if (r == NULL && n < AUDIOMON_MAX_ROOTS) {
            r = &samples[n++];
            r->root = s->root;
            r->peak = 0.0f;
            r->playing = false;
        }
        if (r != NULL) {
            /* A NaN or negative peak loses this comparison; above 1 the core clamps. */
            r->peak = peak > r->peak ? peak : r->peak;
            r->playing = r->playing || active;
        }
        i++;
    }
    publish(m, samples, n);
}

/* ---- mute requests ------------------------------------------------------------- */

static void apply_requests(AudioMonitor *m)
{
    Worker *w = &m->worker;
    MuteRequest requests[MAX_REQUESTS];
    EnterCriticalSection(&m->lock);
    size_t n = m->request_count;
    memcpy(requests, m->requests, n * sizeof requests[0]);
    m->request_count = 0;
    LeaveCriticalSection(&m->lock);
    for (size_t r = 0; r < n; r++) {
        DWORD root = requests[r].root;
        bool mute = requests[r].mute;
        if (mute && !root_is_muted(w, root) && w->muted_count < AUDIOMON_MAX_ROOTS)
            w->muted_roots[w->muted_count++] = root;
        for (size_t i = w->muted_count; !mute && i-- > 0;) {
            if (w->muted_roots[i] == root) /* unmuted: later sessions play normally */
                w->muted_roots[i] = w->muted_roots[--w->muted_count];
        }
        for (size_t i = 0; i < w->session_count; i++) {
            if (w->sessions[i].root == root)
                mute_session(&w->sessions[i], mute);
        }
    }
}

/* ---- the worker thread ------------------------------------------------------------ */

static void worker_shutdown(AudioMonitor *m)
{
    Worker *w = &m->worker;
    while (w->endpoint_count > 0)
        remove_endpoint(m, w->endpoint_count - 1);
    while (w->session_count > 0) {
        /* Windows may keep a session's mute for the application's next run: a page we
           silenced must not leave the browser mute after omamori has gone. */
        mute_session(&w->sessions[w->session_count - 1], false);
        drop_session(w, w->session_count - 1);
    }
    if (w->enumerator != NULL)
        IMMDeviceEnumerator_Release(w->enumerator);
    w->enumerator = NULL;
}

static DWORD WINAPI worker_main(void *param)
{
    AudioMonitor *m = param;
    Worker *w = &m->worker;
    HRESULT co = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(co)) {
        report(m, "audio is not followed: COM does not start on the audio thread",
               "CoInitializeEx", co);
        while (!m->stopping)
            WaitForSingleObject(m->wake, INFINITE);
        return 0;
    }
    const DWORD period = m->seam.sample_ms;
    ULONGLONG next_rescan = GetTickCount64();
    ULONGLONG next_sample = next_rescan + period;
    while (!m->stopping) {
        if (w->rescan_soon || GetTickCount64() >= next_rescan) {
            w->rescan_soon = false;
            rescan(m);
            next_rescan = GetTickCount64() + m->seam.rescan_ms;
        }
        take_announced_sessions(m);
        apply_requests(m);

        bool following = browser_session_count(w) > 0 || w->had_rings;
        ULONGLONG now = GetTickCount64();
        if (!following) {
            next_sample = now + period; /* a new session's first tick comes one period on */
        } else if (now >= next_sample) {
            sample(m);
            /* Keep the 100 ms grid; after a stall, start a new grid rather than catch up
               with a burst of samples taken at the same moment. */
            next_sample += period;
            if (next_sample <= now)
                next_sample = now + period;
        }
        ULONGLONG due = following && next_sample < next_rescan ? next_sample : next_rescan;
        now = GetTickCount64();
        DWORD wait = due > now ? (DWORD)(due - now) : 0;
        HANDLE handles[2] = {m->wake, m->inbox->ready};
        WaitForMultipleObjects(2, handles, FALSE, wait);
    }
    worker_shutdown(m);
    CoUninitialize();
    return 0;
}

/* ---- the UI thread's side ------------------------------------------------------------ */

static HRESULT create_real_enumerator(void *context, IMMDeviceEnumerator **out)
{
    (void)context;
    return CoCreateInstance(&CLSID_MMDeviceEnumerator, NULL, CLSCTX_INPROC_SERVER,
                            &IID_IMMDeviceEnumerator, (void **)out);
}

AudioMonitor *audiomon_start(HWND notify, UINT message)
{
    AudioMonitorSeam seam = {
        .create_enumerator = create_real_enumerator,
        .context = NULL,
        .sample_ms = AUDIO_SAMPLE_MS,
        .rescan_ms = DEFAULT_RESCAN_MS,
    };
    return audiomon_start_with(notify, message, &seam);
}

static void monitor_free(AudioMonitor *m)
{
    if (m->inbox != NULL)
        inbox_release(&m->inbox->iface); /* freed once no endpoint holds it either */
    if (m->wake != NULL)
        CloseHandle(m->wake);
    DeleteCriticalSection(&m->lock);
    free(m);
}

AudioMonitor *audiomon_start_with(HWND notify, UINT message, const AudioMonitorSeam *seam)
{
    if (seam == NULL || seam->create_enumerator == NULL)
        return NULL;
    AudioMonitor *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->notify = notify;
    m->message = message;
    m->seam = *seam;
    if (m->seam.sample_ms == 0)
        m->seam.sample_ms = AUDIO_SAMPLE_MS;
    if (m->seam.rescan_ms == 0)
        m->seam.rescan_ms = DEFAULT_RESCAN_MS;
    InitializeCriticalSection(&m->lock);
    m->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    m->inbox = inbox_new();
    if (m->wake != NULL && m->inbox != NULL)
        m->thread = CreateThread(NULL, 0, worker_main, m, 0, NULL);
    if (m->thread == NULL) {
        monitor_free(m);
        return NULL;
    }
    return m;
}

void audiomon_stop(AudioMonitor *m)
{
    if (m == NULL)
        return;
    InterlockedExchange(&m->stopping, 1);
    SetEvent(m->wake);
    if (WaitForSingleObject(m->thread, STOP_WAIT_MS) != WAIT_OBJECT_0)
        return; /* stuck in the audio service: freeing m under it would crash */
    CloseHandle(m->thread);
    monitor_free(m);
}

bool audiomon_peaks(AudioMonitor *m, DWORD root_pid, float *out, size_t max, size_t *count,
                    bool *playing)
{
    if (m == NULL)
        return false;
    EnterCriticalSection(&m->lock);
    InterlockedExchange(&m->snapshot_posted, 0); /* the UI is reading: it may be told again */
    const PeakRing *r = find_ring(m, root_pid);
    if (r != NULL) {
        size_t take = r->count < max ? r->count : max;
        size_t skip = r->count - take; /* the oldest ones that do not fit */
        for (size_t k = 0; k < take; k++)
            out[k] = r->peaks[(r->start + skip + k) % AUDIO_WINDOW_SAMPLES];
        *count = take;
        *playing = r->playing;
    }
    LeaveCriticalSection(&m->lock);
    return r != NULL;
}

size_t audiomon_roots(AudioMonitor *m, DWORD *roots, size_t max)
{
    if (m == NULL)
        return 0;
    EnterCriticalSection(&m->lock);
    InterlockedExchange(&m->snapshot_posted, 0);
    size_t n = m->ring_count < max ? m->ring_count : max;
    for (size_t i = 0; i < n; i++)
        roots[i] = m->rings[i].root;
    LeaveCriticalSection(&m->lock);
    return n;
}

void audiomon_mute(AudioMonitor *m, DWORD root_pid, bool mute)
{
    if (m == NULL)
        return;
    EnterCriticalSection(&m->lock);
    size_t i = 0;
    while (i < m->request_count && m->requests[i].root != root_pid)
        i++;
    if (i < MAX_REQUESTS) { /* a later wish for the same root replaces the earlier one */
        m->requests[i].root = root_pid;
        m->requests[i].mute = mute;
        if (i == m->request_count)
            m->request_count++;
    }
    LeaveCriticalSection(&m->lock);
    SetEvent(m->wake);
}

bool audiomon_status(AudioMonitor *m, char *message, size_t size)
{
    if (m == NULL)
        return false;
    EnterCriticalSection(&m->lock);
    bool any = m->status_count > 0;
    if (any) {
        if (size > 0)
            snprintf(message, size, "%s", m->statuses[0]);
        m->status_count--;
        memmove(m->statuses[0], m->statuses[1], m->status_count * sizeof m->statuses[0]);
    }
    LeaveCriticalSection(&m->lock);
    return any;
}

bool audiomon_listening(AudioMonitor *m)
{
    if (m == NULL)
        return false;
    EnterCriticalSection(&m->lock);
    bool listening = m->listening;
    LeaveCriticalSection(&m->lock);
    return listening;
}
