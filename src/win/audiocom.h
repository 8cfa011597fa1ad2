/*
 * audiocom.h - the Core Audio COM interfaces the audio monitor uses, for C.
 *
 * mingw-w64 10's headers declare IMMDeviceEnumerator, IAudioSessionManager2 and
 * ISimpleAudioVolume with C vtables, but only forward-declare IAudioMeterInformation
 * (no vtable, and no IID in libuuid): it is declared here, in the same shape the
 * Windows SDK gives it, so both the monitor and the test doubles can use it.
 *
 * The IIDs are DEFINE_GUID declarations; audiomon.c includes <initguid.h> and so is
 * the one translation unit that defines them (as selectany data: a second definition
 * elsewhere would not clash). Anything that links audiomon.c gets them.
 */
#ifndef OMAMORI_AUDIOCOM_H
#define OMAMORI_AUDIOCOM_H

#ifndef COBJMACROS
#define COBJMACROS
#endif
#include <windows.h>
#include <audioclient.h>
#include <audiopolicy.h>
#include <mmdeviceapi.h>

DEFINE_GUID(IID_IAudioMeterInformation, 0xc02216f6, 0x8c67, 0x4b5b, 0x9d, 0x00, 0xd0, 0x08,
            0xe7, 0x3e, 0x00, 0x64);

#ifndef __IAudioMeterInformation_INTERFACE_DEFINED__
#define __IAudioMeterInformation_INTERFACE_DEFINED__

#ifndef __IAudioMeterInformation_FWD_DEFINED__
#define __IAudioMeterInformation_FWD_DEFINED__
typedef interface IAudioMeterInformation IAudioMeterInformation;
#endif

/* Method order after IUnknown as in endpointvolume.idl; the order is the ABI. */
typedef struct IAudioMeterInformationVtbl {
    BEGIN_INTERFACE
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(IAudioMeterInformation *This, REFIID riid,
                                               void **ppvObject);
    ULONG(STDMETHODCALLTYPE *AddRef)(IAudioMeterInformation *This);
    ULONG(STDMETHODCALLTYPE *Release)(IAudioMeterInformation *This);
    HRESULT(STDMETHODCALLTYPE *GetPeakValue)(IAudioMeterInformation *This, float *pfPeak);
    HRESULT(STDMETHODCALLTYPE *GetMeteringChannelCount)(IAudioMeterInformation *This,
                                                        UINT *pnChannelCount);
    HRESULT(STDMETHODCALLTYPE *GetChannelsPeakValues)(IAudioMeterInformation *This,
                                                      UINT32 u32ChannelCount,
                                                      float *afPeakValues);
    HRESULT(STDMETHODCALLTYPE *QueryHardwareSupport)(IAudioMeterInformation *This,
                                                     DWORD *pdwHardwareSupportMask);
    END_INTERFACE
} IAudioMeterInformationVtbl;

interface IAudioMeterInformation {
    CONST_VTBL IAudioMeterInformationVtbl *lpVtbl;
};

#define IAudioMeterInformation_QueryInterface(This, riid, ppv)                               \
    ((This)->lpVtbl->QueryInterface(This, riid, ppv))
#define IAudioMeterInformation_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define IAudioMeterInformation_Release(This) ((This)->lpVtbl->Release(This))
#define IAudioMeterInformation_GetPeakValue(This, peak) ((This)->lpVtbl->GetPeakValue(This, peak))

#endif /* __IAudioMeterInformation_INTERFACE_DEFINED__ */

#endif
