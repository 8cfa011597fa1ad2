# msi.sh - the MSI (installer/omamori.wxs, `make msi`) under Wine's msiexec, and the Group
# Policy templates (installer/policy/). Sourced by tests/wine/run.sh (helpers: lib.sh).
#
# The MSI cases install into a Wine prefix of their own ($msi_prefix, kept between runs
# and removed by `make clean`), never into the shared one: the machine settings and the
# Run value they write would change what every other case's daemon does, and other
# engineers' runs use the shared prefix at the same time.
#
# Under Wine, measured: `wine msiexec` returns the installer's status modulo 256 (1603,
# "fatal error", comes back as 67); `wine uninstaller --list` prints one line per
# installed product, "{ProductCode}|||DisplayName", which is how "installed products" is
# counted here (the same list as Add/Remove Programs, read from the Uninstall key).

msi_prefix="$runs/msi-wineprefix"
msi_version=$(sed -n 's/^#define OMAMORI_VERSION_TEXT "\(.*\)"$/\1/p' "$top/res/resource.h")
msi_file="$top/build/omamori-$msi_version-x64.msi"
msi_saved_prefix=""
msi_saved_overrides=""

# Windows paths inside the prefix, and where they are on this side.
MSI_EXE_WIN='C:\Program Files\omamori\omamori.exe'
msi_exe_unix() { printf '%s/drive_c/Program Files/omamori/omamori.exe' "$msi_prefix"; }
msi_yaml_unix() { printf '%s/drive_c/ProgramData/omamori/omamori.yaml' "$msi_prefix"; }
RUN_KEY='HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run'
SETTINGS_KEY='HKLM\SOFTWARE\omamori'
EVENTLOG_KEY='HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\omamori'

# Switches this shell to the MSI prefix (made on first use, about 10 s) with a
# wineserver of its own, and leaves no omamori installed there from an earlier run.
msi_env_enter() {
    msi_saved_prefix=$WINEPREFIX
    msi_saved_overrides=$WINEDLLOVERRIDES
    export WINEPREFIX="$msi_prefix"
    # winemenubuilder would turn the Start-menu shortcut into a .desktop file of this host.
    export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;winemenubuilder.exe=d"
    if [ ! -f "$msi_prefix/.omamori-ready" ]; then
        rm -rf "$msi_prefix"
        wineboot -i >>"$case_dir/wine.log" 2>&1
        wineserver -w
        touch "$msi_prefix/.omamori-ready"
    fi
    wineserver -p >>"$case_dir/wine.log" 2>&1
    for product in $(msi_products | cut -d'|' -f1); do
        wine msiexec /x "$product" /qn >>"$case_dir/wine.log" 2>&1
    done
    rm -rf "$msi_prefix"/drive_c/users/*/AppData/Local/omamori
}

# Ends everything running in the MSI prefix and returns to the shared one.
msi_env_leave() {
    stop_daemon
    wineserver -k >/dev/null 2>&1
    wineserver -w >/dev/null 2>&1
    export WINEPREFIX="$msi_saved_prefix"
    export WINEDLLOVERRIDES="$msi_saved_overrides"
}

# The MSI `make msi` builds, made (or brought up to date) by make itself.
msi_built() {
    (cd "$top" && make -s msi) >"$case_dir/make-msi.log" 2>&1 && [ -f "$msi_file" ]
}

# msi_run LOGNAME ARGS...: wine msiexec ARGS /qn with a verbose log in the case folder;
# returns msiexec's status.
msi_run() {
    log=$1; shift
    wine msiexec "$@" /qn /l*v "$(winpath "$case_dir/$log")" >>"$case_dir/wine.log" 2>&1
}

# Installed products named omamori, one "{ProductCode}|||omamori" line each.
msi_products() {
    wine uninstaller --list 2>/dev/null | tr -d '\r' | grep '|||omamori$'
}
msi_product_count() { msi_products | wc -l; }

# reg_get KEY NAME: "TYPE DATA" of a registry value (64-bit view), or nothing.
reg_get() {
    wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' |
        sed -n "s/^    $2    \([A-Z_]*\)    \(.*\)\$/\\1 \\2/p"
}
# reg_is KEY NAME TYPE DATA: the value exists with exactly this type and data.
reg_is() { [ "$(reg_get "$1" "$2")" = "$3 $4" ]; }
reg_absent() { [ -z "$(reg_get "$1" "$2")" ]; }
key_absent() { ! wine reg query "$1" >/dev/null 2>&1; }

# The Start-menu shortcut: all users' Programs folder on Windows; Wine 8's msi puts
# ProgramMenuFolder in the installing user's profile even with ALLUSERS=1.
msi_shortcut() {
    ls "$msi_prefix/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/omamori.lnk" \
        "$msi_prefix"/drive_c/users/*/AppData/Roaming/Microsoft/Windows/"Start Menu"/Programs/omamori.lnk \
        2>/dev/null | head -n 1
}

# Everything the MSI put on the machine is gone (journals are checked separately).
msi_all_removed() {
    [ ! -e "$(msi_exe_unix)" ] && [ ! -e "$msi_prefix/drive_c/Program Files/omamori" ] &&
        [ ! -e "$(msi_yaml_unix)" ] && [ ! -e "$msi_prefix/drive_c/ProgramData/omamori" ] &&
        [ -z "$(msi_shortcut)" ] && reg_absent "$RUN_KEY" omamori &&
        key_absent "$SETTINGS_KEY" && key_absent "$EVENTLOG_KEY" &&
        [ "$(msi_product_count)" -eq 0 ]
}

# The machine settings are exactly these (AutoEndSeconds may be absent when empty: the
# daemon reads both as "close only on a click").
settings_are() { # LANGUAGE AUTOEND ALLOWEXIT POLLMS
    reg_is "$SETTINGS_KEY" Language REG_SZ "$1" &&
        { reg_is "$SETTINGS_KEY" AutoEndSeconds REG_SZ "$2" ||
            { [ -z "$2" ] && reg_absent "$SETTINGS_KEY" AutoEndSeconds; }; } &&
        reg_is "$SETTINGS_KEY" AllowExit REG_DWORD "$3" &&
        reg_is "$SETTINGS_KEY" PollMs REG_SZ "$4"
}

# The program the Run value starts, as a path on this side ("" if not a quoted path).
run_value_program() {
    value=$(reg_get "$RUN_KEY" omamori)
    value=${value#REG_SZ }
    case $value in
    \"*\") winepath -u "$(printf '%s' "$value" | sed 's/^"//; s/"$//')" 2>/dev/null ;;
    esac
}

case_msi_install_run_uninstall() {
    new_case msi-install
    check "make msi builds build/omamori-$msi_version-x64.msi" msi_built
    msi_env_enter
    msi_run install.log /i "$(winpath "$msi_file")" AUTOEND_SECONDS=5 LANGUAGE=ja
    check "msiexec /i ... /qn AUTOEND_SECONDS=5 LANGUAGE=ja succeeds" test $? -eq 0
    check "omamori.exe is installed in Program Files\\omamori, as built" \
        cmp -s "$(msi_exe_unix)" "$top/build/win/omamori.exe"
    check "the default configuration is installed as %ProgramData%\\omamori\\omamori.yaml" \
        cmp -s "$(msi_yaml_unix)" "$top/config/omamori.yaml"
    check "the HKLM Run value is the quoted installed path, with no options" \
        reg_is "$RUN_KEY" omamori REG_SZ "\"$MSI_EXE_WIN\""
    check "the machine settings hold the properties and the defaults (ja, 5, 1, 1000)" \
        settings_are ja 5 0x1 1000
    check "the Event Log source is registered: EventMessageFile (REG_EXPAND_SZ) is omamori.exe" \
        reg_is "$EVENTLOG_KEY" EventMessageFile REG_EXPAND_SZ "$MSI_EXE_WIN"
    check "the Event Log source supports error, warning and information (TypesSupported 7)" \
        reg_is "$EVENTLOG_KEY" TypesSupported REG_DWORD 0x7
    check "a Start-menu shortcut named omamori exists" test -n "$(msi_shortcut)"
    check "exactly one omamori is in the installed products" test "$(msi_product_count)" -eq 1

    # The installed program, found through the Run value, with test options added (the
    # Run value itself carries none). No --auto-end: the machine setting AutoEndSeconds=5
    # is what must end the browser, five seconds after the alert.
    program=$(run_value_program)
    wine "$program" --journal "$(winpath "$journal")" --poll-ms 200 --exit-after 60 --lang en \
        >"$case_dir/daemon.log" 2>&1 &
    daemon_pid=$!
    check "the installed omamori.exe, started from the Run value's path, starts" \
        wait_for 20 '"event":"start"'
    start_program fakebrowser chrome.exe --title "$SCAM_TITLE_JA" --fullscreen
    check "the installed omamori.exe detects the fake alert" \
        wait_for 15 '"event":"detection"' '"verdict":"alert"' '"exe":"chrome.exe"'
    check "and ends the browser by itself, from the machine setting AutoEndSeconds=5" \
        wait_for 20 '"event":"browser_ended"' '"exe":"chrome.exe"'
    end_case

    msi_run uninstall.log /x "$(winpath "$msi_file")"
    check "msiexec /x ... /qn succeeds" test $? -eq 0
    check "uninstall removes the files, shortcut, Run value, machine settings and event source" \
        msi_all_removed
    msi_env_leave
}

case_msi_autostart_off() {
    new_case msi-autostart-off
    msi_built || { not_ok "make msi builds the MSI (see $case_dir/make-msi.log)"; return; }
    msi_env_enter
    msi_run install.log /i "$(winpath "$msi_file")" AUTOSTART=0
    check "msiexec /i ... AUTOSTART=0 succeeds" test $? -eq 0
    check "with AUTOSTART=0 there is no Run value" reg_absent "$RUN_KEY" omamori
    check "the program is installed all the same" test -f "$(msi_exe_unix)"
    check "without properties the machine settings are the defaults (auto, empty, 1, 1000)" \
        settings_are auto "" 0x1 1000
    msi_run uninstall.log /x "$(winpath "$msi_file")"
    check "and it uninstalls cleanly" msi_all_removed
    msi_env_leave
}

case_msi_rejects_bad_properties() {
    new_case msi-bad-properties
    msi_built || { not_ok "make msi builds the MSI (see $case_dir/make-msi.log)"; return; }
    msi_env_enter
    for property in LANGUAGE=fr AUTOSTART=yes ALLOWEXIT=2 AUTOEND_SECONDS=soon \
                    AUTOEND_SECONDS=3601 POLLMS=10 POLLMS=fast; do
        msi_run "install-$property.log" /i "$(winpath "$msi_file")" "$property"
        status=$?
        check "$property is refused (msiexec fails) and nothing is installed" \
            sh -c "[ $status -ne 0 ] && [ ! -e '$(msi_exe_unix)' ]"
    done
    check "the installed products list stays empty" test "$(msi_product_count)" -eq 0
    msi_env_leave
}

case_msi_upgrade() {
    new_case msi-upgrade
    msi_built || { not_ok "make msi builds the MSI (see $case_dir/make-msi.log)"; return; }
    # The next version: the same .wxs and program, the patch number one higher.
    next=$(printf '%s' "$msi_version" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')
    next_msi="$case_dir/omamori-$next-x64.msi"
    check "a second MSI builds from the same .wxs as version $next" \
        sh -c "sh '$top/installer/build-msi.sh' '$next_msi' '$next' >'$case_dir/build-next.log' 2>&1"
    msi_env_enter
    msi_run install-old.log /i "$(winpath "$msi_file")" LANGUAGE=ja
    old_code=$(msi_products | cut -d'|' -f1)
    msi_run install-new.log /i "$(winpath "$next_msi")" LANGUAGE=en AUTOSTART=0
    check "installing $next over $msi_version succeeds" test $? -eq 0
    check "exactly one omamori is in the installed products afterwards" \
        test "$(msi_product_count)" -eq 1
    check "and it is the new one (another ProductCode, DisplayVersion $next)" \
        sh -c "[ -n '$old_code' ] && ! wine uninstaller --list 2>/dev/null | grep -qF '$old_code' &&
               wine reg query 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall' /s 2>/dev/null |
               tr -d '\\r' | grep -q 'DisplayVersion *REG_SZ *$next\$'"
    check "the program and the configuration are still in place" \
        sh -c "cmp -s '$(msi_exe_unix)' '$top/build/win/omamori.exe' && [ -f '$(msi_yaml_unix)' ]"
    check "the upgrade's properties apply: Language is now en" \
        reg_is "$SETTINGS_KEY" Language REG_SZ en
    check "the old version's Run value is gone (the upgrade said AUTOSTART=0)" \
        reg_absent "$RUN_KEY" omamori
    msi_run uninstall.log /x "$(winpath "$next_msi")"
    check "uninstalling the upgrade leaves nothing behind" msi_all_removed
    msi_env_leave
}

case_msi_remove_history() {
    new_case msi-remove-history
    msi_built || { not_ok "make msi builds the MSI (see $case_dir/make-msi.log)"; return; }
    msi_env_enter
    # Two profiles' journals, as two users' daemons would have left them.
    for user in "$msi_prefix"/drive_c/users/*/; do
        mkdir -p "$user/AppData/Local/omamori"
        echo '{"event":"start"}' >"$user/AppData/Local/omamori/journal.jsonl"
    done
    journals() { ls "$msi_prefix"/drive_c/users/*/AppData/Local/omamori/journal.jsonl 2>/dev/null | wc -l; }
    before=$(journals)
    msi_run install-1.log /i "$(winpath "$msi_file")"
    msi_run uninstall-1.log /x "$(winpath "$msi_file")"
    check "an uninstall leaves every user's journal ($before profiles)" \
        sh -c "[ $before -ge 2 ] && [ \"$(journals)\" -eq $before ]"
    msi_run install-2.log /i "$(winpath "$msi_file")"
    msi_run uninstall-2.log /x "$(winpath "$msi_file")" REMOVEHISTORY=1
    check "msiexec /x ... REMOVEHISTORY=1 succeeds" test $? -eq 0
    check "REMOVEHISTORY=1 deletes %LOCALAPPDATA%\\omamori in every profile" \
        sh -c "! ls -d '$msi_prefix'/drive_c/users/*/AppData/Local/omamori >/dev/null 2>&1"
    check "and removes the rest as usual" msi_all_removed
    msi_env_leave
}

# ---- Group Policy templates -----------------------------------------------------------
policy_dir="$top/installer/policy"

# xpath FILE EXPR: xmllint's answer, one item per line (namespaces ignored via local-name()).
xpath() { xmllint --xpath "$2" "$1" 2>/dev/null | tr ' ' '\n' | sed -n 's/^[a-zA-Z]*="\(.*\)"$/\1/p'; }

admx_refs() { # KIND: the ids the ADMX takes from the ADML as $(KIND.id)
    grep -o "\$($1\.[A-Za-z0-9_]*)" "$policy_dir/omamori.admx" | sed "s/^\$($1\.//; s/)\$//" | sort -u
}

# Every string and presentation the ADMX uses is defined in this ADML, each presentation
# control refers to an element of its policy, and the ADML defines nothing unused.
adml_matches_admx() {
    adml=$1
    strings=$(xpath "$adml" "//*[local-name()='string']/@id" | sort -u)
    [ "$strings" = "$(admx_refs string)" ] || return 1
    presentations=$(xpath "$adml" "//*[local-name()='presentation']/@id" | sort -u)
    [ "$presentations" = "$(admx_refs presentation)" ] || return 1
    for p in $presentations; do
        refs=$(xpath "$adml" "//*[local-name()='presentation'][@id='$p']/*/@refId" | sort -u)
        ids=$(xpath "$policy_dir/omamori.admx" \
            "//*[local-name()='policy'][@presentation='\$(presentation.$p)']/*[local-name()='elements']/*/@id" | sort -u)
        [ -n "$refs" ] && [ "$refs" = "$ids" ] || return 1
    done
}

# Each policy: Machine class, in the omamori category, supported on the defined product,
# under HKLM\Software\Policies\omamori, and either a value of its own or elements.
admx_policies_complete() {
    admx="$policy_dir/omamori.admx"
    n=$(xpath "$admx" "//*[local-name()='policy']/@name" | wc -l)
    [ "$n" -ge 7 ] || return 1
    [ "$(xpath "$admx" "//*[local-name()='policy'][@class='Machine'][@key='Software\\Policies\\omamori']/@name" | wc -l)" -eq "$n" ] &&
        [ "$(xpath "$admx" "//*[local-name()='policy']/*[local-name()='parentCategory'][@ref=//*[local-name()='category']/@name]/@ref" | wc -l)" -eq "$n" ] &&
        [ "$(xpath "$admx" "//*[local-name()='policy']/*[local-name()='supportedOn'][@ref=//*[local-name()='definition']/@name]/@ref" | wc -l)" -eq "$n" ] &&
        [ "$(xpath "$admx" "//*[local-name()='policy'][@valueName or *[local-name()='elements']]/@name" | wc -l)" -eq "$n" ]
}

# The registry names the ADMX writes: each valueName, and the list's key.
admx_value_names() {
    xpath "$policy_dir/omamori.admx" "//@valueName" | sort -u
}
admx_list_keys() {
    xpath "$policy_dir/omamori.admx" "//*[local-name()='list']/@key" | sort -u
}
# The value names the MSI writes under HKLM\SOFTWARE\omamori (the machine settings).
wxs_setting_names() {
    grep -o -E 'Key="SOFTWARE\\omamori" Name="[A-Za-z]+"' "$top/installer/omamori.wxs" |
        sed 's/.*Name="//; s/"$//' | sort -u
}
# CamelCase wide literals in policy.c: the value names it reads.
policy_c_names() {
    grep -o 'L"[A-Z][A-Za-z0-9]*"' "$top/src/win/policy.c" | sed 's/^L"//; s/"$//' | sort -u
}

# Both ways: each name the ADMX writes is read by src/win/policy.c as L"NAME" (the list's
# key as its full path), and each value name policy.c reads is written by the ADMX or by
# the MSI (the machine settings share policy.c).
admx_names_read_by_daemon() {
    policy_c="$top/src/win/policy.c"
    [ -f "$policy_c" ] || { echo "# $policy_c does not exist yet"; return 1; }
    status=0
    for name in $(admx_value_names); do
        grep -q "L\"$name\"" "$policy_c" || { echo "# policy.c does not read $name"; status=1; }
    done
    for key in $(admx_list_keys); do
        escaped=$(printf '%s' "$key" | sed 's/\\/\\\\\\\\/g')
        grep -qi "L\"$escaped\"" "$policy_c" || { echo "# policy.c does not read the key $key"; status=1; }
    done
    known=$(printf '%s\n%s\n' "$(admx_value_names)" "$(wxs_setting_names)" | sort -u)
    for name in $(policy_c_names); do
        printf '%s\n' "$known" | grep -qx "$name" ||
            { echo "# policy.c reads $name, which neither the ADMX nor the MSI writes"; status=1; }
    done
    return $status
}

# The names agreed with the daemon (HKLM\SOFTWARE\Policies\omamori), no more, no fewer.
admx_has_contract_names() {
    [ "$(admx_value_names | tr '\n' ' ')" = \
      "$(printf '%s\n' Protection AutoEndSeconds AllowExit AllowPageIsFine RedactTitles Language |
         sort -u | tr '\n' ' ')" ] &&
        [ "$(admx_list_keys)" = 'Software\Policies\omamori\AllowedTitles' ]
}

# Each machine setting the MSI writes is read by the daemon.
wxs_settings_read_by_daemon() {
    [ -f "$top/src/win/policy.c" ] || return 1
    for name in $(wxs_setting_names); do
        grep -q "L\"$name\"" "$top/src/win/policy.c" || { echo "# policy.c does not read $name"; return 1; }
    done
}

case_policy_templates() {
    new_case policy-templates
    for f in omamori.admx en-US/omamori.adml ja-JP/omamori.adml; do
        check "$f is well-formed XML (xmllint)" xmllint --noout "$policy_dir/$f"
    done
    check "each ADMX policy is a Machine policy under Software\\Policies\\omamori, categorised and supportedOn" \
        admx_policies_complete
    check "en-US ADML defines exactly the strings and presentations the ADMX uses" \
        adml_matches_admx "$policy_dir/en-US/omamori.adml"
    check "ja-JP ADML defines exactly the strings and presentations the ADMX uses" \
        adml_matches_admx "$policy_dir/ja-JP/omamori.adml"
    check "ja-JP ADML is written in Japanese" \
        grep -q 'ブラウザー' "$policy_dir/ja-JP/omamori.adml"
    check "the ADMX writes the contract's names: Protection AutoEndSeconds AllowExit AllowPageIsFine RedactTitles Language, and the AllowedTitles list" \
        admx_has_contract_names
    check "each policy value name in the ADMX is read by src/win/policy.c, and each name it reads is written by the ADMX or the MSI" \
        admx_names_read_by_daemon
    check "each machine setting the MSI writes (Language AutoEndSeconds AllowExit PollMs) is read by src/win/policy.c" \
        wxs_settings_read_by_daemon
}

all_cases="$all_cases msi_install_run_uninstall msi_autostart_off msi_rejects_bad_properties msi_upgrade msi_remove_history policy_templates"
