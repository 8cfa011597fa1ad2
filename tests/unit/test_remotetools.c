/*
 * test_remotetools.c - which started programs count as remote-control tools (the
 * shipped list and the matching rules), and when omamori watches for them.
 */
#include "remotetools.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void load(Config *cfg, const char *yaml)
{
    char err[256];
    assert_int_equal(config_default(cfg), 0);
    if (config_load_buffer(yaml, strlen(yaml), "test.yaml", cfg, err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* The entry image matches, as written in the config, or NULL. */
static const char *matched(const Config *cfg, const char *image)
{
    int i = remotetools_match(cfg, image);
    return i < 0 ? NULL : cfg->remote_control.images[i];
}

/* What the warning calls the program image starts, or NULL when it is no tool. */
static const char *product(const Config *cfg, const char *image)
{
    int i = remotetools_match(cfg, image);
    return i < 0 ? NULL : cfg->remote_control.image_names[i];
}

typedef struct MatchCase {
    const char *image;
    const char *entry; /* NULL: not a tool */
} MatchCase;

/* The built-in list, as the daemon sees programs start. */
static void shipped_list_flags_the_tools_and_nothing_else(void **state)
{
    (void)state;
    static const MatchCase cases[] = {
        {"AnyDesk.exe", "anydesk.exe"},
        {"ANYDESK.EXE", "anydesk.exe"},
        {"C:\\Users\\hanako\\Downloads\\AnyDesk.exe", "anydesk.exe"},
        {"C:/Users/hanako/Downloads/AnyDesk.exe", "anydesk.exe"},
        {"AnyDesk (1).exe", "anydesk.exe"},   /* downloaded a second time */
        {"AnyDesk (12).exe", "anydesk.exe"},
        {"TeamViewer.exe", "teamviewer.exe"},
        {"TeamViewerQS.exe", "teamviewerqs*.exe"},
        {"TeamViewerQS_x64.exe", "teamviewerqs*.exe"},
        {"Support-LogMeInRescue.exe", "support-logmeinrescue*.exe"},
        {"ScreenConnect.WindowsClient.exe", "screenconnect.*.exe"},
        {"ScreenConnect.ClientSetup.exe", "screenconnect.*.exe"},
        {"rustdesk-1.2.3-x86_64.exe", "rustdesk*.exe"},
        {"QuickAssist.exe", "quickassist.exe"},
        {"remoting_host.exe", "remoting_host.exe"},
        {"UltraViewer_Desktop.exe", "ultraviewer_desktop.exe"},
        {"SplashtopSOS.exe", "splashtopsos*.exe"},
        {"AA_v3.exe", "aa_v3.exe"},
        {"Supremo.exe", "supremo.exe"},
        /* not tools */
        {"chrome.exe", NULL},
        {"notepad.exe", NULL},
        {"AnyDesk.exe.lnk", NULL},
        {"NotAnyDesk.exe", NULL},
        {"AnyDesk (x).exe", NULL},   /* not a download number */
        {"AnyDesk ().exe", NULL},
        {"AnyDesk(1).exe", NULL},    /* browsers put a space before it */
        {"TeamViewer_Service.exe", NULL}, /* the installed service: not started by the person */
        {"teamviewerq.exe", NULL},
        {"screenconnect.exe", NULL}, /* the '*' needs its ".": "screenconnect." + ".exe" */
        {"C:\\AnyDesk.exe\\other.exe", NULL},
        {"", NULL},
        {"C:\\Downloads\\", NULL},
    };
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = matched(&cfg, cases[i].image);
        if (cases[i].entry == NULL && got != NULL)
            fail_msg("case %zu: %s matched %s", i, cases[i].image, got);
        if (cases[i].entry != NULL && (got == NULL || strcmp(got, cases[i].entry) != 0))
            fail_msg("case %zu: %s matched %s, want %s", i, cases[i].image,
                     got != NULL ? got : "nothing", cases[i].entry);
    }
    assert_int_equal(remotetools_match(&cfg, NULL), -1);
    config_free(&cfg);
}

/* The warning names a tool by its product, whatever its file is called: a scammer
   chooses the file's name ("AnyDesk - verified safe, press Keep.exe"), never the
   product's, so every shipped entry has one. */
static void shipped_tools_are_named_by_product_not_by_file(void **state)
{
    (void)state;
    Config cfg;
    assert_int_equal(config_default(&cfg), 0);
    assert_true(cfg.remote_control.image_count > 10);
    for (size_t i = 0; i < cfg.remote_control.image_count; i++) {
        if (cfg.remote_control.image_names[i][0] == '\0')
            fail_msg("shipped entry %s has no product name", cfg.remote_control.images[i]);
    }
    assert_string_equal(product(&cfg, "AnyDesk (1).exe"), "AnyDesk");
    assert_string_equal(product(&cfg, "TeamViewerQS_x64.exe"), "TeamViewer QuickSupport");
    assert_string_equal(product(&cfg, "rustdesk-verified-safe-press-keep.exe"), "RustDesk");
    assert_null(product(&cfg, "chrome.exe"));
    config_free(&cfg);
}

/* An entry given as a plain file name has no product name: the warning then says "a
   remote-control program", not the file name. Both forms mix in one list. */
static void entries_with_and_without_a_product_name(void **state)
{
    (void)state;
    Config cfg;
    load(&cfg, "remote_control:\n  images:\n    - helper*.exe\n"
               "    - {file: tool.exe, name: Some Tool}\n"
               "    - name: 遠隔ツール\n      file: remote.exe\n");
    assert_int_equal(cfg.remote_control.image_count, 3);
    assert_string_equal(product(&cfg, "helper-press-keep.exe"), "");
    assert_string_equal(product(&cfg, "TOOL.exe"), "Some Tool");
    assert_string_equal(product(&cfg, "remote.exe"), "遠隔ツール");
    config_free(&cfg);
}

/* The star stands for any run, empty included, and both of its sides must match. */
static void a_star_needs_both_sides(void **state)
{
    (void)state;
    Config cfg;
    load(&cfg, "remote_control:\n  images: [abc*xyz.exe, Helper.EXE]\n");
    assert_non_null(matched(&cfg, "abcxyz.exe"));
    assert_non_null(matched(&cfg, "ABC-anything-XYZ.exe"));
    assert_null(matched(&cfg, "abxyz.exe"));
    assert_null(matched(&cfg, "abc.exe"));
    assert_null(matched(&cfg, "abcxyz.ex"));
    assert_string_equal(matched(&cfg, "helper.exe"), "Helper.EXE");
    assert_null(matched(&cfg, "anydesk.exe")); /* the list replaced the default */
    config_free(&cfg);
}

static void an_empty_list_flags_nothing(void **state)
{
    (void)state;
    Config cfg;
    load(&cfg, "remote_control:\n  images: []\n");
    assert_null(matched(&cfg, "AnyDesk.exe"));
    config_free(&cfg);
}

static void a_name_longer_than_a_file_name_is_no_tool(void **state)
{
    (void)state;
    Config cfg;
    char image[400];
    load(&cfg, "remote_control:\n  images: [aaa*]\n");
    memset(image, 'a', sizeof image - 1);
    image[sizeof image - 1] = '\0';
    assert_null(matched(&cfg, image));
    image[260] = '\0';
    assert_non_null(matched(&cfg, image));
    config_free(&cfg);
}

static void watching_during_the_incident_and_the_window_after_it(void **state)
{
    (void)state;
    Config cfg;
    load(&cfg, "remote_control:\n  window_minutes: 30\n");
    const uint64_t minute = 60000, at = 5 * minute;
    assert_false(remotetools_watching(&cfg, false, false, 0, at)); /* no incident yet */
    assert_true(remotetools_watching(&cfg, true, true, at, at));
    assert_true(remotetools_watching(&cfg, true, true, at, at + 90 * minute)); /* still open */
    assert_true(remotetools_watching(&cfg, false, true, at, at));
    assert_true(remotetools_watching(&cfg, false, true, at, at + 30 * minute - 1));
    assert_false(remotetools_watching(&cfg, false, true, at, at + 30 * minute));
    assert_false(remotetools_watching(&cfg, false, true, at, at - 1)); /* a clock gone back */
    config_free(&cfg);

    load(&cfg, "remote_control:\n  window_minutes: 0\n");
    assert_true(remotetools_watching(&cfg, true, true, at, at));
    assert_false(remotetools_watching(&cfg, false, true, at, at));
    config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_list_flags_the_tools_and_nothing_else),
        cmocka_unit_test(shipped_tools_are_named_by_product_not_by_file),
        cmocka_unit_test(entries_with_and_without_a_product_name),
        cmocka_unit_test(a_star_needs_both_sides),
        cmocka_unit_test(an_empty_list_flags_nothing),
        cmocka_unit_test(a_name_longer_than_a_file_name_is_no_tool),
        cmocka_unit_test(watching_during_the_incident_and_the_window_after_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
