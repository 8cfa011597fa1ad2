/*
 * fuzz_config.c - the configuration loader (config_load_buffer) on any bytes.
 *
 * The first byte chooses what the file is read over: an empty Config or the built-in
 * defaults (the daemon's case, and the one where a replaced lexicon is freed). The
 * rest is the YAML. Properties checked besides the sanitizers':
 *   - a refused file gets a message that names it ("fuzz.yaml:..."), and the Config
 *     is left exactly as it was;
 *   - rules that were accepted score an observation within 0..100 and its reasons fit.
 */
#include <string.h>

#include "config.h"
#include "fuzz.h"
#include "observation.h"
#include "score.h"

static void score_with(const Config *cfg)
{
    Observation obs;
    Verdict verdict;
    observation_init(&obs);
    obs.title = "Ｍｉｃｒｏｓｏｆｔ 警告：ウイルスが検出されました サポート 0120-555-010";
    obs.text = "Windows Defender: your computer is locked. Call +1-888-555-0100 now.";
    obs.fullscreen = TRISTATE_YES;
    score_observation(&cfg->rules, &obs, &verdict);
    FUZZ_CHECK(verdict.score >= 0 && verdict.score <= 100);
    FUZZ_CHECK(verdict.reason_count <= VERDICT_MAX_REASONS);
    /* The observation borrowed string literals: nothing to free. */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool over_defaults = data[0] & 1;
    const char *yaml = (const char *)data + 1;
    size_t length = size - 1;

    Config cfg;
    if (over_defaults) {
        FUZZ_CHECK(config_default(&cfg) == 0);
    } else {
        memset(&cfg, 0, sizeof cfg);
    }
    Config before;
    memcpy(&before, &cfg, sizeof cfg); /* a byte image for the comparison, not a second owner */

    char err[256];
    int rc = config_load_buffer(yaml, length, "fuzz.yaml", &cfg, err, sizeof err);
    if (rc == 0) {
        FUZZ_CHECK(cfg.poll_ms == before.poll_ms || (cfg.poll_ms >= 50 && cfg.poll_ms <= 60000));
        score_with(&cfg);
    } else {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(strncmp(err, "fuzz.yaml:", 10) == 0);
        FUZZ_CHECK(memcmp(&before, &cfg, sizeof cfg) == 0);
    }
    config_free(&cfg);
    return 0;
}
