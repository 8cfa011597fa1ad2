/*
 * lexicon.c - phrase lists of fake alerts and a plain matcher over folded text.
 *
 * The lists hold folded forms only (lower case, ASCII punctuation, single spaces),
 * because they are matched against folded text. They were written from the traits
 * scam pages share (the words of Windows Security's own screens, "call support",
 * "do not restart"), in the four languages seen on real kits, not copied from any
 * one page. A phrase belongs to one category; what a category is worth is the
 * scorer's business, not the lexicon's.
 * Limits: literal phrases only (plus the 0x error-code pattern); one search per
 * phrase (after a cheap byte-pair filter), which a later automaton will replace.
 */
#include "lexicon.h"

#include <string.h>

typedef struct Phrase {
    LexCategory category;
    const char *text;
    size_t length; /* bytes, known at compile time */
} Phrase;

#define P(category, literal) {category, literal, sizeof literal - 1}

static const Phrase phrases[] = {
    /* Brands and products a scam pretends to be (or to be protected by). */
    P(LEX_BRAND, "microsoft"), P(LEX_BRAND, "windows"), P(LEX_BRAND, "defender"),
    P(LEX_BRAND, "apple"), P(LEX_BRAND, "mcafee"), P(LEX_BRAND, "norton"),
    P(LEX_BRAND, "avast"), P(LEX_BRAND, "kaspersky"), P(LEX_BRAND, "bitdefender"),
    P(LEX_BRAND, "malwarebytes"), P(LEX_BRAND, "マイクロソフト"), P(LEX_BRAND, "ウィンドウズ"),
    P(LEX_BRAND, "ウインドウズ"), P(LEX_BRAND, "ディフェンダー"), P(LEX_BRAND, "アップル"),
    P(LEX_BRAND, "マカフィー"), P(LEX_BRAND, "ノートン"), P(LEX_BRAND, "アバスト"),
    P(LEX_BRAND, "カスペルスキー"),

    /* The names of Windows' own security screens, which kits copy. */
    P(LEX_SECURITY_UI, "windows security"), P(LEX_SECURITY_UI, "windows defender"),
    P(LEX_SECURITY_UI, "security center"), P(LEX_SECURITY_UI, "security centre"),
    P(LEX_SECURITY_UI, "system security"), P(LEX_SECURITY_UI, "smartscreen"),
    P(LEX_SECURITY_UI, "firewall"), P(LEX_SECURITY_UI, "virus & threat protection"),
    P(LEX_SECURITY_UI, "virus and threat protection"),
    P(LEX_SECURITY_UI, "windowsのセキュリティ"), P(LEX_SECURITY_UI, "windows のセキュリティ"),
    P(LEX_SECURITY_UI, "windows セキュリティ"), P(LEX_SECURITY_UI, "windows_セキュリティ"),
    P(LEX_SECURITY_UI, "セキュリティセンター"), P(LEX_SECURITY_UI, "セキュリティ センター"),
    P(LEX_SECURITY_UI, "スマートスクリーン"), P(LEX_SECURITY_UI, "ファイアウォール"),
    P(LEX_SECURITY_UI, "ファイヤーウォール"), P(LEX_SECURITY_UI, "ウイルスと脅威"),
    P(LEX_SECURITY_UI, "windows-sicherheit"), P(LEX_SECURITY_UI, "sicherheitscenter"),
    P(LEX_SECURITY_UI, "systemsicherheit"), P(LEX_SECURITY_UI, "sécurité windows"),
    P(LEX_SECURITY_UI, "centre de sécurité"), P(LEX_SECURITY_UI, "pare-feu"),

    /* Infection and threats. */
    P(LEX_INFECTION, "virus"), P(LEX_INFECTION, "infected"), P(LEX_INFECTION, "infection"),
    P(LEX_INFECTION, "trojan"), P(LEX_INFECTION, "spyware"), P(LEX_INFECTION, "malware"),
    P(LEX_INFECTION, "adware"), P(LEX_INFECTION, "ransomware"), P(LEX_INFECTION, "threats found"),
    P(LEX_INFECTION, "threat detected"), P(LEX_INFECTION, "threats detected"),
    P(LEX_INFECTION, "identified threats"), P(LEX_INFECTION, "ウイルス"),
    P(LEX_INFECTION, "ウィルス"), P(LEX_INFECTION, "感染"), P(LEX_INFECTION, "トロイの木馬"),
    P(LEX_INFECTION, "スパイウェア"), P(LEX_INFECTION, "アドウェア"),
    P(LEX_INFECTION, "マルウェア"), P(LEX_INFECTION, "ランサムウェア"), P(LEX_INFECTION, "脅威"),
    P(LEX_INFECTION, "viren"), P(LEX_INFECTION, "infiziert"), P(LEX_INFECTION, "trojaner"),
    P(LEX_INFECTION, "bedrohung"), P(LEX_INFECTION, "schadsoftware"),
    P(LEX_INFECTION, "infecté"), P(LEX_INFECTION, "menace"), P(LEX_INFECTION, "cheval de troie"),
    P(LEX_INFECTION, "logiciel malveillant"), P(LEX_INFECTION, "logiciels malveillants"),

    /* The computer is said to be locked. */
    P(LEX_LOCK, "has been blocked"), P(LEX_LOCK, "have been blocked"),
    P(LEX_LOCK, "was blocked"), P(LEX_LOCK, "has been locked"), P(LEX_LOCK, "is locked"),
    P(LEX_LOCK, "computer locked"), P(LEX_LOCK, "pc locked"), P(LEX_LOCK, "locked out"),
    P(LEX_LOCK, "blocked for security reasons"), P(LEX_LOCK, "ブロックされ"),
    P(LEX_LOCK, "ロックされ"), P(LEX_LOCK, "ブロックしました"), P(LEX_LOCK, "ロックしました"),
    P(LEX_LOCK, "gesperrt"), P(LEX_LOCK, "blockiert"), P(LEX_LOCK, "bloqué"),
    P(LEX_LOCK, "verrouillé"), P(LEX_LOCK, "ロックを解除"),

    /* The call to action. */
    P(LEX_CALL, "call windows"), P(LEX_CALL, "call microsoft"), P(LEX_CALL, "call apple"),
    P(LEX_CALL, "call support"), P(LEX_CALL, "call us"), P(LEX_CALL, "call now"),
    P(LEX_CALL, "call immediately"), P(LEX_CALL, "call the number"), P(LEX_CALL, "helpline"),
    P(LEX_CALL, "help line"), P(LEX_CALL, "contact apple"), P(LEX_CALL, "contact microsoft"),
    P(LEX_CALL, "talk to an expert"), P(LEX_CALL, "dial "), P(LEX_CALL, "今すぐ電話"),
    P(LEX_CALL, "今すぐお電話"), P(LEX_CALL, "電話してください"), P(LEX_CALL, "お電話ください"),
    P(LEX_CALL, "サポートに電話"), P(LEX_CALL, "サポートに連絡"), P(LEX_CALL, "サポート連絡先"),
    P(LEX_CALL, "当社にご連絡"), P(LEX_CALL, "ヘルプライン"), P(LEX_CALL, "support anrufen"),
    P(LEX_CALL, "rufen sie"), P(LEX_CALL, "appelez"),

    /* Do not close, restart, shut down or ignore. */
    P(LEX_DONT_CLOSE, "do not close"), P(LEX_DONT_CLOSE, "don't close"),
    P(LEX_DONT_CLOSE, "do not restart"), P(LEX_DONT_CLOSE, "don't restart"),
    P(LEX_DONT_CLOSE, "do not shut down"), P(LEX_DONT_CLOSE, "do not turn off"),
    P(LEX_DONT_CLOSE, "do not ignore"), P(LEX_DONT_CLOSE, "don't ignore"),
    P(LEX_DONT_CLOSE, "閉じないで"), P(LEX_DONT_CLOSE, "再起動しないで"),
    P(LEX_DONT_CLOSE, "再起動したりしないで"), P(LEX_DONT_CLOSE, "シャットダウンしないで"),
    P(LEX_DONT_CLOSE, "電源を切らないで"), P(LEX_DONT_CLOSE, "無視しないで"),
    P(LEX_DONT_CLOSE, "nicht schließen"), P(LEX_DONT_CLOSE, "nicht neu starten"),
    P(LEX_DONT_CLOSE, "ne fermez pas"), P(LEX_DONT_CLOSE, "ne redémarrez pas"),
    P(LEX_DONT_CLOSE, "n'ignorez pas"),

    /* Error codes and "system error". */
    P(LEX_ERROR_CODE, "error code"), P(LEX_ERROR_CODE, "system error"),
    P(LEX_ERROR_CODE, "computer error"), P(LEX_ERROR_CODE, "エラーコード"),
    P(LEX_ERROR_CODE, "エラー コード"), P(LEX_ERROR_CODE, "システムエラー"),
    P(LEX_ERROR_CODE, "コンピューターエラ"), P(LEX_ERROR_CODE, "コンピュータエラ"),
    P(LEX_ERROR_CODE, "fehlercode"), P(LEX_ERROR_CODE, "systemfehler"),
    P(LEX_ERROR_CODE, "code d'erreur"), P(LEX_ERROR_CODE, "code erreur"),
    P(LEX_ERROR_CODE, "erreur informatique"), P(LEX_ERROR_CODE, "erreur système"),

    /* Licence, the pretext for the "support contract". */
    P(LEX_LICENSE, "license expired"), P(LEX_LICENSE, "licence expired"),
    P(LEX_LICENSE, "license has expired"), P(LEX_LICENSE, "activate the license"),
    P(LEX_LICENSE, "activate your license"), P(LEX_LICENSE, "activate license"),
    P(LEX_LICENSE, "ライセンスの有効期限"), P(LEX_LICENSE, "ライセンスが期限切れ"),
    P(LEX_LICENSE, "ライセンスを有効"), P(LEX_LICENSE, "ライセンスをアクティ"),
    P(LEX_LICENSE, "aktivieren sie die lizenz"), P(LEX_LICENSE, "aktivieren der lizenz"),
    P(LEX_LICENSE, "lizenz abgelaufen"), P(LEX_LICENSE, "activer la licence"),
    P(LEX_LICENSE, "activer votre licence"), P(LEX_LICENSE, "activation de la licence"),

    /* Plain alarm words: weak alone, common on ordinary pages. */
    P(LEX_WARNING, "warning"), P(LEX_WARNING, "alert"), P(LEX_WARNING, "critical"),
    P(LEX_WARNING, "urgent"), P(LEX_WARNING, "danger"), P(LEX_WARNING, "警告"),
    P(LEX_WARNING, "危険"), P(LEX_WARNING, "緊急"), P(LEX_WARNING, "warnung"),
    P(LEX_WARNING, "achtung"), P(LEX_WARNING, "alerte"), P(LEX_WARNING, "avertissement"),
    P(LEX_WARNING, "アラート"),

    /* Support: what legitimate pages offer too, so it weighs little. */
    P(LEX_SUPPORT, "support"), P(LEX_SUPPORT, "help desk"), P(LEX_SUPPORT, "helpdesk"),
    P(LEX_SUPPORT, "technician"), P(LEX_SUPPORT, "サポート"), P(LEX_SUPPORT, "ヘルプデスク"),
    P(LEX_SUPPORT, "技術者"), P(LEX_SUPPORT, "専門家"), P(LEX_SUPPORT, "unterstützung"),
    P(LEX_SUPPORT, "assistance"),
    /* Toll-free labels: kits write them, and so does every Japanese company page. */
    P(LEX_SUPPORT, "toll-free"), P(LEX_SUPPORT, "toll free"), P(LEX_SUPPORT, "tollfree"),
    P(LEX_SUPPORT, "free toll"), P(LEX_SUPPORT, "フリーダイヤル"), P(LEX_SUPPORT, "無料電話"),
    P(LEX_SUPPORT, "通話無料"), P(LEX_SUPPORT, "無料通話"), P(LEX_SUPPORT, "kostenfrei"),
    P(LEX_SUPPORT, "hotline"), P(LEX_SUPPORT, "numéro gratuit"), P(LEX_SUPPORT, "appel gratuit"),

    /* A scan that runs inside a web page is always a fake one. */
    P(LEX_SCAN, "quick scan"), P(LEX_SCAN, "scan in progress"), P(LEX_SCAN, "scanning"),
    P(LEX_SCAN, "files scanned"), P(LEX_SCAN, "scanned objects"), P(LEX_SCAN, "scanned items"),
    P(LEX_SCAN, "クイックスキャン"), P(LEX_SCAN, "スキャンが進行中"), P(LEX_SCAN, "スキャン中"),
    P(LEX_SCAN, "スキャンされた"), P(LEX_SCAN, "スキャンを実行"), P(LEX_SCAN, "gescannte"),
    P(LEX_SCAN, "schnelles scannen"), P(LEX_SCAN, "analyse rapide"),
    P(LEX_SCAN, "numérisation rapide"),
    P(LEX_SCAN, "objets numérisés"), P(LEX_SCAN, "objets scannés"),

    /* Pages that warn about the scam call it by its name; the scam itself never does. */
    P(LEX_ABOUT_SCAM, "scam"), P(LEX_ABOUT_SCAM, "詐欺"), P(LEX_ABOUT_SCAM, "偽の"),
    P(LEX_ABOUT_SCAM, "偽警告"), P(LEX_ABOUT_SCAM, "注意喚起"), P(LEX_ABOUT_SCAM, "betrug"),
    P(LEX_ABOUT_SCAM, "arnaque"), P(LEX_ABOUT_SCAM, "escroquer"),
};

static bool is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/*
 * First occurrence of phrase in text[0..limit) that respects the boundary rule,
 * or limit when there is none.
 */
static size_t find_phrase(const char *text, size_t limit, const char *phrase, size_t plen)
{
    unsigned char first = (unsigned char)phrase[0];
    bool needs_boundary = is_ascii_letter(first);
    size_t at = 0;
    while (at + plen <= limit) {
        const char *hit = memchr(text + at, first, limit - plen + 1 - at);
        if (!hit)
            break;
        size_t pos = (size_t)(hit - text);
        /* Most first-byte hits in Japanese text are some other kana: the second
         * byte rules them out before a full comparison. */
        if ((plen < 2 || hit[1] == phrase[1]) && memcmp(hit, phrase, plen) == 0 &&
            !(needs_boundary && pos > 0 && is_ascii_letter((unsigned char)text[pos - 1])))
            return pos;
        at = pos + 1;
    }
    return limit;
}

/* "0x" and six or more hex digits, not inside a word: a Windows-style error code. */
static bool find_hex_code(const char *text, size_t length, LexHit *hit)
{
    for (size_t i = 0; i + 2 < length; i++) {
        if (text[i] != '0' || text[i + 1] != 'x')
            continue;
        if (i > 0 && (is_ascii_letter((unsigned char)text[i - 1]) ||
                      (text[i - 1] >= '0' && text[i - 1] <= '9')))
            continue;
        size_t n = 0;
        while (i + 2 + n < length && is_hex((unsigned char)text[i + 2 + n]))
            n++;
        if (n >= 6) {
            hit->found = true;
            hit->offset = i;
            hit->length = 2 + n;
            return true;
        }
    }
    return false;
}

/*
 * Which byte pairs occur in the text, hashed into a small bit set. A phrase whose
 * pair at byte 1 (inside its first character, for Japanese: the bytes that tell
 * one kana from another) is absent cannot occur, and is skipped without a search.
 * This keeps a title scan to a few hundred simple steps until the automaton comes.
 */
#define PAIR_BITS 4096u

typedef struct PairSet {
    unsigned char bits[PAIR_BITS / 8];
} PairSet;

static unsigned pair_hash(unsigned char a, unsigned char b)
{
    return ((unsigned)a * 67u + b) % PAIR_BITS;
}

static void pairs_fill(PairSet *set, const char *text, size_t length)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i + 1 < length; i++) {
        unsigned h = pair_hash((unsigned char)text[i], (unsigned char)text[i + 1]);
        set->bits[h / 8] |= (unsigned char)(1u << (h % 8));
    }
}

static bool pairs_may_hold(const PairSet *set, const char *phrase, size_t plen)
{
    size_t at = plen >= 3 ? 1 : 0;
    unsigned h = pair_hash((unsigned char)phrase[at], (unsigned char)phrase[at + 1]);
    return (set->bits[h / 8] >> (h % 8)) & 1u;
}

void lexicon_scan(const char *text, size_t length, LexResult *out)
{
    memset(out, 0, sizeof *out);
    if (!text || length == 0)
        return;
    PairSet pairs;
    pairs_fill(&pairs, text, length);
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        LexHit *hit = &out->hits[phrases[i].category];
        size_t plen = phrases[i].length;
        if (plen > length || !pairs_may_hold(&pairs, phrases[i].text, plen))
            continue;
        /* Only an earlier occurrence can change this category's evidence. */
        size_t limit = hit->found ? hit->offset + plen - 1 : length;
        if (limit > length)
            limit = length;
        size_t pos = find_phrase(text, limit, phrases[i].text, plen);
        if (pos + plen <= limit) {
            hit->found = true;
            hit->offset = pos;
            hit->length = plen;
        }
    }
    LexHit code = {false, 0, 0};
    LexHit *error = &out->hits[LEX_ERROR_CODE];
    if (find_hex_code(text, length, &code) && (!error->found || code.offset < error->offset))
        *error = code;
}

const char *lexicon_category_code(LexCategory category)
{
    switch (category) {
    case LEX_BRAND: return "brand";
    case LEX_SECURITY_UI: return "alarm.securityui";
    case LEX_INFECTION: return "alarm.infection";
    case LEX_LOCK: return "alarm.lock";
    case LEX_CALL: return "alarm.call";
    case LEX_DONT_CLOSE: return "alarm.dontclose";
    case LEX_ERROR_CODE: return "alarm.errorcode";
    case LEX_LICENSE: return "alarm.license";
    case LEX_WARNING: return "alarm.warning";
    case LEX_SUPPORT: return "support";
    case LEX_SCAN: return "alarm.scan";
    case LEX_ABOUT_SCAM: return "about.scam";
    default: return "unknown";
    }
}
