/* Checks npyValidateRemembering against npyValidate without a server: the
 * memo must give the same verdict, the same descr summary and the same
 * reason as validating from scratch, whether the header is the remembered
 * one (with the data cut short, exact, or longer) or differs from it in any
 * one byte. Each variant is checked right after its seed, so the memo holds
 * the seed's header when the variant comes.
 *
 *   build/unit/header_memo_test SEED_DIR   (fuzz/make_seeds.py's numpy-made files)
 *
 * Prints each failure; exits 1 if any (or if no seed was read). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "npy_header_memo.h"

static int failures = 0, checks = 0;

static int sameSummary(NpyDescrSummary a, NpyDescrSummary b) {
    return a.offset == b.offset && a.length == b.length && a.itemsize == b.itemsize &&
           a.holds_objects == b.holds_objects;
}

/* One payload through both paths; the memo carries over to the next call. */
static void check(NpyHeaderMemo *memo, const unsigned char *buf, size_t len, const char *seed, const char *variant) {
    NpyInfo info;
    NpyDescrSummary fresh = {0}, remembered = {0};
    char fresh_err[NPY_ERROR_CAPACITY] = "", memo_err[NPY_ERROR_CAPACITY] = "";
    int fresh_rc = npyValidate(buf, len, &info, fresh_err, sizeof(fresh_err));
    if (fresh_rc == 0) fresh = npyDescrSummary(&info);
    int memo_rc = npyValidateRemembering(memo, buf, len, &remembered, memo_err, sizeof(memo_err));
    checks++;
    int agree = fresh_rc == memo_rc && (fresh_rc == 0 ? sameSummary(fresh, remembered) : !strcmp(fresh_err, memo_err));
    if (!agree && failures++ < 20)
        printf("FAIL %s, %s: validate %d (%s), memo %d (%s)\n", seed, variant, fresh_rc, fresh_err, memo_rc, memo_err);
}

static unsigned char *readFile(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)size + 1);
    *len = buf && fread(buf, 1, (size_t)size, f) == (size_t)size ? (size_t)size : 0;
    fclose(f);
    return buf;
}

/* The seed, then the seed with its data one byte short, empty and one byte
 * longer, each after the seed itself. */
static void dataLengths(NpyHeaderMemo *memo, unsigned char *seed, size_t len, size_t data_offset, const char *name) {
    unsigned char *longer = malloc(len + 1);
    memcpy(longer, seed, len);
    longer[len] = 0;
    check(memo, seed, len, name, "as numpy wrote it");
    check(memo, seed, len, name, "again");
    if (len > data_offset) check(memo, seed, len - 1, name, "data one byte short");
    check(memo, seed, len, name, "as numpy wrote it");
    check(memo, seed, data_offset, name, "no data");
    check(memo, seed, len, name, "as numpy wrote it");
    check(memo, longer, len + 1, name, "one byte more data");
    free(longer);
}

/* Every header byte replaced by characters that matter to the parser. */
static void headerBytes(NpyHeaderMemo *memo, unsigned char *seed, size_t len, size_t data_offset, const char *name) {
    static const unsigned char replacements[] = {' ', '\n', '0', '1', '9', '(',  ')',
                                                 ',', '\'', 'L', 'x', '<', 0x00, 0x93};
    char variant[64];
    for (size_t pos = 0; pos < data_offset; pos++) {
        unsigned char kept = seed[pos];
        for (size_t r = 0; r < sizeof(replacements); r++) {
            if (replacements[r] == kept) continue;
            check(memo, seed, len, name, "as numpy wrote it");
            seed[pos] = replacements[r];
            snprintf(variant, sizeof(variant), "byte %zu set to 0x%02x", pos, replacements[r]);
            check(memo, seed, len, name, variant);
            seed[pos] = kept;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: header_memo_test SEED_DIR\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        fprintf(stderr, "header_memo_test: cannot open %s\n", argv[1]);
        return 2;
    }
    static NpyHeaderMemo memo;
    int seeds = 0;
    char path[4096];
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof(path), "%s/%s", argv[1], entry->d_name);
        size_t len;
        unsigned char *seed = readFile(path, &len);
        NpyInfo info;
        char err[NPY_ERROR_CAPACITY];
        if (seed && npyValidate(seed, len, &info, err, sizeof(err)) == 0) {
            seeds++;
            dataLengths(&memo, seed, len, (size_t)info.data_offset, entry->d_name);
            headerBytes(&memo, seed, len, (size_t)info.data_offset, entry->d_name);
        }
        free(seed);
    }
    closedir(dir);
    printf("header memo: %d valid seeds, %d checks, %d failures\n", seeds, checks, failures);
    return failures || seeds == 0 ? 1 : 0;
}
