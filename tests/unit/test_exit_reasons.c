/* test_exit_reasons.c - the shared exit-reason table against the series'
 * Documentation/virt/kvm/x86/exit-stats.rst (kernel/patches/0001). */
#include "check.h"
#include "exit_reasons.h"

#include <ctype.h>
#include <string.h>

/* The defined sets, written out from exit-stats.rst independently of the table. */
static bool abi_vmx(uint32_t r)
{
	return r <= 34 || r == 36 || r == 37 || (r >= 39 && r <= 41) ||
	       (r >= 43 && r <= 70) || (r >= 72 && r <= 81) || r == 84 || r == 85 ||
	       r == 0x80000000u;
}

static bool abi_svm(uint32_t r)
{
	return r <= 0xa6 || (r >= 0x400 && r <= 0x403) || r == 0x80000000u ||
	       r >= 0xfffffffc;
}

static bool abi_defined(enum exit_isa isa, uint32_t r)
{
	return isa == EXIT_ISA_VMX ? abi_vmx(r) : abi_svm(r);
}

static const enum exit_isa isas[] = { EXIT_ISA_VMX, EXIT_ISA_SVM };

static void test_counts(void)
{
	test_begin("exit_reasons: counts (vmx 81, svm 176)");
	check_that(exit_reason_count(EXIT_ISA_VMX) == 81, "vmx count %zu",
		   exit_reason_count(EXIT_ISA_VMX));
	check_that(exit_reason_count(EXIT_ISA_SVM) == 176, "svm count %zu",
		   exit_reason_count(EXIT_ISA_SVM));
	check_that(exit_reason_count(EXIT_ISA_UNKNOWN) == 0, "unknown count");
	test_end();
}

/* defined() equals the ABI set on 0..0x10000 and at the top of the u32 range. */
static void test_defined_set(void)
{
	test_begin("exit_reasons: defined set equals exit-stats.rst");
	for (size_t k = 0; k < 2; k++) {
		enum exit_isa isa = isas[k];

		for (uint64_t r = 0; r <= 0x10000; r++)
			check_that(exit_reason_defined(isa, (uint32_t)r) ==
					   abi_defined(isa, (uint32_t)r),
				   "%s reason 0x%llx", exit_isa_name(isa),
				   (unsigned long long)r);
		for (uint64_t r = 0x7ffffff0; r <= 0x80000010; r++)
			check_that(exit_reason_defined(isa, (uint32_t)r) ==
					   abi_defined(isa, (uint32_t)r),
				   "%s reason 0x%llx", exit_isa_name(isa),
				   (unsigned long long)r);
		for (uint64_t r = 0xfffffff0; r <= 0xffffffff; r++)
			check_that(exit_reason_defined(isa, (uint32_t)r) ==
					   abi_defined(isa, (uint32_t)r),
				   "%s reason 0x%llx", exit_isa_name(isa),
				   (unsigned long long)r);
	}
	test_end();
}

static void test_at_ascending(void)
{
	test_begin("exit_reasons: exit_reason_at ascending and defined");
	for (size_t k = 0; k < 2; k++) {
		enum exit_isa isa = isas[k];
		size_t n = exit_reason_count(isa);

		for (size_t i = 0; i < n; i++) {
			uint32_t r = exit_reason_at(isa, i);

			check_that(exit_reason_defined(isa, r), "%s at(%zu)=%u undefined",
				   exit_isa_name(isa), i, r);
			if (i > 0)
				check_that(exit_reason_at(isa, i - 1) < r,
					   "%s not ascending at %zu", exit_isa_name(isa), i);
		}
		check_that(exit_reason_at(isa, n) == UINT32_MAX, "at(count)");
	}
	test_end();
}

/* name -> number, upper/lower case, decimal and hex all give the reason back. */
static void test_round_trips(void)
{
	char buf[64];

	test_begin("exit_reasons: name/number round trips");
	for (size_t k = 0; k < 2; k++) {
		enum exit_isa isa = isas[k];

		for (size_t i = 0; i < exit_reason_count(isa); i++) {
			uint32_t r = exit_reason_at(isa, i), got = 0;
			const char *name = exit_reason_name(isa, r);

			if (!check_that(name && name[0], "%s %u has no name",
					exit_isa_name(isa), r))
				continue;
			check_that(exit_reason_parse(isa, name, &got) == 0 && got == r,
				   "%s parse(\"%s\")", exit_isa_name(isa), name);
			for (size_t j = 0; j <= strlen(name); j++)
				buf[j] = (char)(isupper((unsigned char)name[j])
							? tolower((unsigned char)name[j])
							: toupper((unsigned char)name[j]));
			got = 0;
			check_that(exit_reason_parse(isa, buf, &got) == 0 && got == r,
				   "%s parse(\"%s\")", exit_isa_name(isa), buf);
			snprintf(buf, sizeof(buf), "%u", r);
			got = 0;
			check_that(exit_reason_parse(isa, buf, &got) == 0 && got == r,
				   "%s parse(\"%s\")", exit_isa_name(isa), buf);
			snprintf(buf, sizeof(buf), "0x%X", r);
			got = 0;
			check_that(exit_reason_parse(isa, buf, &got) == 0 && got == r,
				   "%s parse(\"%s\")", exit_isa_name(isa), buf);
		}
	}
	test_end();
}

static void test_known_names(void)
{
	static const struct { enum exit_isa isa; uint32_t r; const char *name; } k[] = {
		{ EXIT_ISA_VMX, 10, "CPUID" },          { EXIT_ISA_VMX, 12, "HLT" },
		{ EXIT_ISA_VMX, 30, "IO_INSTRUCTION" }, { EXIT_ISA_VMX, 48, "EPT_VIOLATION" },
		{ EXIT_ISA_VMX, 5, "IO_SMI" },          { EXIT_ISA_VMX, 77, "TDCALL" },
		{ EXIT_ISA_SVM, 0x72, "cpuid" },        { EXIT_ISA_SVM, 0x78, "hlt" },
		{ EXIT_ISA_SVM, 0x7b, "io" },           { EXIT_ISA_SVM, 0x7c, "msr" },
		{ EXIT_ISA_SVM, 0x400, "npf" },         { EXIT_ISA_SVM, 0x81, "hypercall" },
		{ EXIT_ISA_SVM, 0x40, "DE excp" },      { EXIT_ISA_SVM, 0x01, "read_cr1" },
		{ EXIT_ISA_SVM, 0xfffffffe, "busy" },
		{ EXIT_ISA_SVM, 0xffffffff, "invalid_guest_state" },
	};

	test_begin("exit_reasons: known names");
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		const char *n = exit_reason_name(k[i].isa, k[i].r);

		check_that(n && strcmp(n, k[i].name) == 0, "%s %u is \"%s\", want \"%s\"",
			   exit_isa_name(k[i].isa), k[i].r, n ? n : "(null)", k[i].name);
	}
	check_that(exit_reason_cpuid(EXIT_ISA_VMX) == 10, "vmx cpuid reason");
	check_that(exit_reason_cpuid(EXIT_ISA_SVM) == 0x72, "svm cpuid reason");
	check_that(strcmp(exit_isa_name(EXIT_ISA_VMX), "vmx") == 0 &&
			   strcmp(exit_isa_name(EXIT_ISA_SVM), "svm") == 0 &&
			   strcmp(exit_isa_name(EXIT_ISA_UNKNOWN), "unknown") == 0,
		   "isa names");
	test_end();
}

static void test_parse_extras_and_rejects(void)
{
	static const char *const bad_vmx[] = {
		"", "35", "0x23", "71", "82", "CPUIDX", "cpu id", "-1", "+10", " 10",
		"10 ", "0x", "0x1g", "4294967296", "0xffffffff", "vmmcall",
	};
	uint32_t r = 0;

	test_begin("exit_reasons: parse aliases, undefined and garbage");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "vmmcall", &r) == 0 && r == 0x81, "vmmcall");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "ERR", &r) == 0 && r == 0xffffffff, "err");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "de_excp", &r) == 0 && r == 0x40, "de_excp");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "Idle-Halt", &r) == 0 && r == 0xa6, "idle-halt");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "4294967294", &r) == 0 && r == 0xfffffffe,
		   "busy by number");
	check_that(exit_reason_parse(EXIT_ISA_VMX, "io_instruction", &r) == 0 && r == 30,
		   "io_instruction");
	check_that(exit_reason_parse(EXIT_ISA_VMX, "010", &r) == 0 && r == 10, "010 is decimal");
	for (size_t i = 0; i < sizeof(bad_vmx) / sizeof(bad_vmx[0]); i++) {
		r = 12345;
		check_that(exit_reason_parse(EXIT_ISA_VMX, bad_vmx[i], &r) == -1 && r == 12345,
			   "vmx accepted \"%s\"", bad_vmx[i]);
	}
	check_that(exit_reason_parse(EXIT_ISA_SVM, "0xa7", &r) == -1, "svm 0xa7");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "0x404", &r) == -1, "svm 0x404");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "0xfffffffb", &r) == -1, "svm 0xfffffffb");
	check_that(exit_reason_parse(EXIT_ISA_SVM, "0xfffffffd", &r) == 0 && r == 0xfffffffd,
		   "svm idle_required");
	check_that(exit_reason_parse(EXIT_ISA_UNKNOWN, "10", &r) == -1, "unknown isa parse");
	check_that(exit_reason_parse(EXIT_ISA_VMX, NULL, &r) == -1, "NULL text");
	check_that(exit_reason_name(EXIT_ISA_VMX, 35) == NULL &&
			   exit_reason_name(EXIT_ISA_SVM, 0xa7) == NULL &&
			   exit_reason_name(EXIT_ISA_UNKNOWN, 10) == NULL,
		   "undefined names are NULL");
	test_end();
}

int main(void)
{
	test_counts();
	test_defined_set();
	test_at_ascending();
	test_round_trips();
	test_known_names();
	test_parse_extras_and_rejects();
	return check_exit_status();
}
