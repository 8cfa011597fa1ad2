# pagetext.sh - Page text and address through the accessibility interface
# (src/win/pagetext.c): across processes against fakeaccessible.exe copied as
# chrome.exe (and notepad-like.exe, and a hung and a vanishing copy), and against trees
# served in-process by the test program itself. Sourced by tests/wine/run.sh (helpers:
# lib.sh).
#
# test-pagetext.exe prints its own TAP lines; each becomes one of the runner's checks,
# renumbered, so a failing line names itself in the run's output.

case_pagetext() {
    new_case pagetext
    timeout 200 wine "$bin/tests/test-pagetext.exe" --workdir "$(winpath "$case_dir")" \
        >"$case_dir/tap.txt" 2>"$case_dir/stderr.txt"
    status=$?
    while IFS= read -r line; do
        case $line in
            "ok "*) ok "page text: ${line#ok [0-9]* - }" ;;
            "not ok "*) not_ok "page text: ${line#not ok [0-9]* - }" ;;
            "#"*) echo "$line" ;;
        esac
    done <"$case_dir/tap.txt"
    if ! check "test-pagetext.exe ran to its plan line and exited 0" \
        sh -c "[ $status -eq 0 ] && grep -q '^1\.\.[1-9]' '$case_dir/tap.txt'"; then
        sed 's/^/#   stderr: /' "$case_dir/stderr.txt"
    fi
    end_case
}

all_cases="$all_cases pagetext"
