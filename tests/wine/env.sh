# env.sh - sourced by the Wine test and demo scripts: a private Wine prefix under
# build/, a virtual X display and a null audio sink, each started here and stopped by
# wine_env_stop (by its own PID), with output kept away from the caller's stdout.
#
# After wine_env_start: $WINEPREFIX, $DISPLAY and $WINE_LOG are set.

top=${top:-$(cd "$(dirname "$0")/../.." && pwd)}
# OMAMORI_WINEPREFIX: another prefix (its own wineserver, its own single omamori), so a
# measurement (make perf-doc) and a test run can share the machine without meeting.
export WINEPREFIX="${OMAMORI_WINEPREFIX:-$top/build/wineprefix}"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono or Gecko installers: there is no network
WINE_LOG="$top/build/wine-env.log"
if [ -n "${OMAMORI_WINEPREFIX:-}" ]; then
    WINE_LOG="$OMAMORI_WINEPREFIX.log"
fi
xvfb_pid=""
pulse_started=""

# The Windows path of a Linux path: Wine maps the Linux root to drive Z:. Forward
# slashes are kept (Wine accepts them) because the wine launcher script mangles
# backslashes in arguments.
winpath() {
    printf 'Z:%s' "$1"
}

start_xvfb() {
    # A file of this run's own: runs side by side must not read each other's display.
    fdfile=$(mktemp "$top/build/xvfb.display.XXXXXX")
    # -displayfd picks a free display number and tells us which: no collisions.
    Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$fdfile" >>"$WINE_LOG" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 1 100); do
        [ -s "$fdfile" ] && break
        sleep 0.1
    done
    [ -s "$fdfile" ] || { echo "env: Xvfb did not start (see $WINE_LOG)" >&2; return 1; }
    export DISPLAY=":$(cat "$fdfile")"
    rm -f "$fdfile"
}

start_pulseaudio() {
    # Wine needs a default render endpoint for waveOut; a null sink is enough.
    if pulseaudio --check 2>/dev/null; then
        return 0
    fi
    if pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
        --load="module-null-sink sink_name=nullsink" \
        --load=module-native-protocol-unix >>"$WINE_LOG" 2>&1; then
        pulse_started=yes
    else
        echo "env: PulseAudio did not start; the fake alarm will be silent" >>"$WINE_LOG"
    fi
}

# Creates the prefix once (about 10 s), with font links so Japanese text renders.
prepare_prefix() {
    [ -f "$WINEPREFIX/.omamori-ready" ] && return 0
    rm -rf "$WINEPREFIX"
    wineboot -i >>"$WINE_LOG" 2>&1
    link='HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink'
    for face in "Tahoma" "MS Shell Dlg" "MS Shell Dlg 2" "Microsoft Sans Serif" "Segoe UI" \
                "Yu Gothic UI"; do
        wine reg add "$link" /v "$face" /t REG_MULTI_SZ /d "ipag.ttf,IPAGothic" /f \
            >>"$WINE_LOG" 2>&1
    done
    wineserver -w
    touch "$WINEPREFIX/.omamori-ready"
}

wine_env_start() {
    mkdir -p "$top/build"
    : >"$WINE_LOG"
    start_xvfb || return 1
    start_pulseaudio
    prepare_prefix
    # Keep one wineserver for the whole run: each test then starts in a fraction of a
    # second. It may be running already (another run on this prefix): that is fine.
    wineserver -p >>"$WINE_LOG" 2>&1 || true
}

wine_env_stop() {
    wineserver -k >/dev/null 2>&1
    wineserver -w >/dev/null 2>&1
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    [ -n "$pulse_started" ] && pulseaudio --kill >/dev/null 2>&1
    xvfb_pid=""
    pulse_started=""
}
