/* check.h - minimal test reporting for the host unit tests.
 * Each test prints exactly one line: "PASS: name", "FAIL: name: why" or
 * "SKIP: name: why".  check_exit_status() is 1 if any test failed. */
#ifndef CHECK_H
#define CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

struct check_state {
	const char *name;
	char why[512];
	bool failed;
	bool skipped;
};

static struct check_state check_cur;
static int check_failures;

static inline void test_begin(const char *name)
{
	check_cur.name = name;
	check_cur.why[0] = '\0';
	check_cur.failed = false;
	check_cur.skipped = false;
}

/* Record the first failure of the current test (later ones are dropped). */
static inline bool check_that(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok || check_cur.failed)
		return ok;
	check_cur.failed = true;
	va_start(ap, fmt);
	vsnprintf(check_cur.why, sizeof(check_cur.why), fmt, ap);
	va_end(ap);
	for (char *p = check_cur.why; *p; p++) /* one line per test */
		if (*p == '\n')
			*p = '|';
	return false;
}

static inline void test_skip(const char *why)
{
	check_cur.skipped = true;
	snprintf(check_cur.why, sizeof(check_cur.why), "%s", why);
}

static inline void test_end(void)
{
	if (check_cur.failed) {
		printf("FAIL: %s: %s\n", check_cur.name, check_cur.why);
		check_failures++;
	} else if (check_cur.skipped) {
		printf("SKIP: %s: %s\n", check_cur.name, check_cur.why);
	} else {
		printf("PASS: %s\n", check_cur.name);
	}
	fflush(stdout);
}

static inline int check_exit_status(void)
{
	return check_failures ? 1 : 0;
}

#endif
