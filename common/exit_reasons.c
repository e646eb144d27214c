/* exit_reasons.c - VMX and SVM exit-reason tables and lookups (see exit_reasons.h). */
#include "exit_reasons.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

struct reason_entry {
	uint32_t reason;
	const char *name;
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Intel SDM vol. 3C, appendix C, through TDCALL (77), plus RDMSRLIST,
 * WRMSRLIST, URDMSR, UWRMSR (78-81) and the immediate forms of RDMSR and
 * WRMSRNS (84, 85), as the kernel's exit-stats.rst lists them.  Names of
 * vmx.h's VMX_EXIT_REASONS where it has one; the others (5, 6, 11, 17, 65, 66,
 * 69, 70, 72, 73, 76-81, and 84/85 with upstream's names) after the SDM.
 * Last the "other" ECX (0x80000000): every code the manual does not define.
 * Sorted ascending. */
static const struct reason_entry vmx_table[] = {
	{ 0, "EXCEPTION_NMI" },        { 1, "EXTERNAL_INTERRUPT" },
	{ 2, "TRIPLE_FAULT" },         { 3, "INIT_SIGNAL" },
	{ 4, "SIPI_SIGNAL" },          { 5, "IO_SMI" },
	{ 6, "OTHER_SMI" },            { 7, "INTERRUPT_WINDOW" },
	{ 8, "NMI_WINDOW" },           { 9, "TASK_SWITCH" },
	{ 10, "CPUID" },               { 11, "GETSEC" },
	{ 12, "HLT" },                 { 13, "INVD" },
	{ 14, "INVLPG" },              { 15, "RDPMC" },
	{ 16, "RDTSC" },               { 17, "RSM" },
	{ 18, "VMCALL" },              { 19, "VMCLEAR" },
	{ 20, "VMLAUNCH" },            { 21, "VMPTRLD" },
	{ 22, "VMPTRST" },             { 23, "VMREAD" },
	{ 24, "VMRESUME" },            { 25, "VMWRITE" },
	{ 26, "VMOFF" },               { 27, "VMON" },
	{ 28, "CR_ACCESS" },           { 29, "DR_ACCESS" },
	{ 30, "IO_INSTRUCTION" },      { 31, "MSR_READ" },
	{ 32, "MSR_WRITE" },           { 33, "INVALID_STATE" },
	{ 34, "MSR_LOAD_FAIL" },       { 36, "MWAIT_INSTRUCTION" },
	{ 37, "MONITOR_TRAP_FLAG" },   { 39, "MONITOR_INSTRUCTION" },
	{ 40, "PAUSE_INSTRUCTION" },   { 41, "MCE_DURING_VMENTRY" },
	{ 43, "TPR_BELOW_THRESHOLD" }, { 44, "APIC_ACCESS" },
	{ 45, "EOI_INDUCED" },         { 46, "GDTR_IDTR" },
	{ 47, "LDTR_TR" },             { 48, "EPT_VIOLATION" },
	{ 49, "EPT_MISCONFIG" },       { 50, "INVEPT" },
	{ 51, "RDTSCP" },              { 52, "PREEMPTION_TIMER" },
	{ 53, "INVVPID" },             { 54, "WBINVD" },
	{ 55, "XSETBV" },              { 56, "APIC_WRITE" },
	{ 57, "RDRAND" },              { 58, "INVPCID" },
	{ 59, "VMFUNC" },              { 60, "ENCLS" },
	{ 61, "RDSEED" },              { 62, "PML_FULL" },
	{ 63, "XSAVES" },              { 64, "XRSTORS" },
	{ 65, "PCONFIG" },             { 66, "SPP" },
	{ 67, "UMWAIT" },              { 68, "TPAUSE" },
	{ 69, "LOADIWKEY" },           { 70, "ENCLV" },
	{ 72, "ENQCMD_PASID_FAIL" },   { 73, "ENQCMDS_PASID_FAIL" },
	{ 74, "BUS_LOCK" },            { 75, "NOTIFY" },
	{ 76, "SEAMCALL" },            { 77, "TDCALL" },
	{ 78, "RDMSRLIST" },           { 79, "WRMSRLIST" },
	{ 80, "URDMSR" },              { 81, "UWRMSR" },
	{ 84, "MSR_READ_IMM" },        { 85, "MSR_WRITE_IMM" },
	{ 0x80000000, "OTHER" },
};

/* AMD APM vol. 2, appendix C.  Names of svm.h's SVM_EXIT_REASONS where it has
 * one (including its "read_rt"/"write_rt" for TR, "hypercall" for VMMCALL and
 * "invalid_guest_state" for -1); the others in the same style: CR/DR numbers
 * filled in, exceptions "XX excp" with the APM mnemonic or "excp_0xNN" (exit
 * code) for reserved vectors, "buslock"/"idle-halt" as newer kernels print
 * them, "busy" for VMEXIT_BUSY.  Sorted ascending. */
static const struct reason_entry svm_table[] = {
	{ 0x00, "read_cr0" },   { 0x01, "read_cr1" },   { 0x02, "read_cr2" },
	{ 0x03, "read_cr3" },   { 0x04, "read_cr4" },   { 0x05, "read_cr5" },
	{ 0x06, "read_cr6" },   { 0x07, "read_cr7" },   { 0x08, "read_cr8" },
	{ 0x09, "read_cr9" },   { 0x0a, "read_cr10" },  { 0x0b, "read_cr11" },
	{ 0x0c, "read_cr12" },  { 0x0d, "read_cr13" },  { 0x0e, "read_cr14" },
	{ 0x0f, "read_cr15" },
	{ 0x10, "write_cr0" },  { 0x11, "write_cr1" },  { 0x12, "write_cr2" },
	{ 0x13, "write_cr3" },  { 0x14, "write_cr4" },  { 0x15, "write_cr5" },
	{ 0x16, "write_cr6" },  { 0x17, "write_cr7" },  { 0x18, "write_cr8" },
	{ 0x19, "write_cr9" },  { 0x1a, "write_cr10" }, { 0x1b, "write_cr11" },
	{ 0x1c, "write_cr12" }, { 0x1d, "write_cr13" }, { 0x1e, "write_cr14" },
	{ 0x1f, "write_cr15" },
	{ 0x20, "read_dr0" },   { 0x21, "read_dr1" },   { 0x22, "read_dr2" },
	{ 0x23, "read_dr3" },   { 0x24, "read_dr4" },   { 0x25, "read_dr5" },
	{ 0x26, "read_dr6" },   { 0x27, "read_dr7" },   { 0x28, "read_dr8" },
	{ 0x29, "read_dr9" },   { 0x2a, "read_dr10" },  { 0x2b, "read_dr11" },
	{ 0x2c, "read_dr12" },  { 0x2d, "read_dr13" },  { 0x2e, "read_dr14" },
	{ 0x2f, "read_dr15" },
	{ 0x30, "write_dr0" },  { 0x31, "write_dr1" },  { 0x32, "write_dr2" },
	{ 0x33, "write_dr3" },  { 0x34, "write_dr4" },  { 0x35, "write_dr5" },
	{ 0x36, "write_dr6" },  { 0x37, "write_dr7" },  { 0x38, "write_dr8" },
	{ 0x39, "write_dr9" },  { 0x3a, "write_dr10" }, { 0x3b, "write_dr11" },
	{ 0x3c, "write_dr12" }, { 0x3d, "write_dr13" }, { 0x3e, "write_dr14" },
	{ 0x3f, "write_dr15" },
	{ 0x40, "DE excp" },    { 0x41, "DB excp" },    { 0x42, "NMI excp" },
	{ 0x43, "BP excp" },    { 0x44, "OF excp" },    { 0x45, "BR excp" },
	{ 0x46, "UD excp" },    { 0x47, "NM excp" },    { 0x48, "DF excp" },
	{ 0x49, "excp_0x49" },  { 0x4a, "TS excp" },    { 0x4b, "NP excp" },
	{ 0x4c, "SS excp" },    { 0x4d, "GP excp" },    { 0x4e, "PF excp" },
	{ 0x4f, "excp_0x4f" },  { 0x50, "MF excp" },    { 0x51, "AC excp" },
	{ 0x52, "MC excp" },    { 0x53, "XF excp" },    { 0x54, "excp_0x54" },
	{ 0x55, "CP excp" },    { 0x56, "excp_0x56" },  { 0x57, "excp_0x57" },
	{ 0x58, "excp_0x58" },  { 0x59, "excp_0x59" },  { 0x5a, "excp_0x5a" },
	{ 0x5b, "excp_0x5b" },  { 0x5c, "HV excp" },    { 0x5d, "VC excp" },
	{ 0x5e, "SX excp" },    { 0x5f, "excp_0x5f" },
	{ 0x60, "interrupt" },  { 0x61, "nmi" },        { 0x62, "smi" },
	{ 0x63, "init" },       { 0x64, "vintr" },      { 0x65, "cr0_sel_write" },
	{ 0x66, "read_idtr" },  { 0x67, "read_gdtr" },  { 0x68, "read_ldtr" },
	{ 0x69, "read_rt" },    { 0x6a, "write_idtr" }, { 0x6b, "write_gdtr" },
	{ 0x6c, "write_ldtr" }, { 0x6d, "write_rt" },   { 0x6e, "rdtsc" },
	{ 0x6f, "rdpmc" },      { 0x70, "pushf" },      { 0x71, "popf" },
	{ 0x72, "cpuid" },      { 0x73, "rsm" },        { 0x74, "iret" },
	{ 0x75, "swint" },      { 0x76, "invd" },       { 0x77, "pause" },
	{ 0x78, "hlt" },        { 0x79, "invlpg" },     { 0x7a, "invlpga" },
	{ 0x7b, "io" },         { 0x7c, "msr" },        { 0x7d, "task_switch" },
	{ 0x7e, "ferr_freeze" }, { 0x7f, "shutdown" },  { 0x80, "vmrun" },
	{ 0x81, "hypercall" },  { 0x82, "vmload" },     { 0x83, "vmsave" },
	{ 0x84, "stgi" },       { 0x85, "clgi" },       { 0x86, "skinit" },
	{ 0x87, "rdtscp" },     { 0x88, "icebp" },      { 0x89, "wbinvd" },
	{ 0x8a, "monitor" },    { 0x8b, "mwait" },      { 0x8c, "mwait_cond" },
	{ 0x8d, "xsetbv" },     { 0x8e, "rdpru" },      { 0x8f, "write_efer_trap" },
	{ 0x90, "write_cr0_trap" },  { 0x91, "write_cr1_trap" },
	{ 0x92, "write_cr2_trap" },  { 0x93, "write_cr3_trap" },
	{ 0x94, "write_cr4_trap" },  { 0x95, "write_cr5_trap" },
	{ 0x96, "write_cr6_trap" },  { 0x97, "write_cr7_trap" },
	{ 0x98, "write_cr8_trap" },  { 0x99, "write_cr9_trap" },
	{ 0x9a, "write_cr10_trap" }, { 0x9b, "write_cr11_trap" },
	{ 0x9c, "write_cr12_trap" }, { 0x9d, "write_cr13_trap" },
	{ 0x9e, "write_cr14_trap" }, { 0x9f, "write_cr15_trap" },
	{ 0xa0, "invlpgb" },    { 0xa1, "invlpgb_illegal" }, { 0xa2, "invpcid" },
	{ 0xa3, "mcommit" },    { 0xa4, "tlbsync" },    { 0xa5, "buslock" },
	{ 0xa6, "idle-halt" },
	{ 0x400, "npf" },       { 0x401, "avic_incomplete_ipi" },
	{ 0x402, "avic_unaccelerated_access" },         { 0x403, "vmgexit" },
	{ 0x80000000, "other" },
	{ 0xfffffffc, "invalid_pmc" }, { 0xfffffffd, "idle_required" },
	{ 0xfffffffe, "busy" }, { 0xffffffff, "invalid_guest_state" },
};

/* Extra names accepted by exit_reason_parse (never printed). */
static const struct reason_entry svm_aliases[] = {
	{ 0x81, "vmmcall" },
	{ 0xffffffff, "err" },
};

static const struct reason_entry *table_of(enum exit_isa isa, size_t *len)
{
	switch (isa) {
	case EXIT_ISA_VMX:
		*len = ARRAY_LEN(vmx_table);
		return vmx_table;
	case EXIT_ISA_SVM:
		*len = ARRAY_LEN(svm_table);
		return svm_table;
	default:
		*len = 0;
		return NULL;
	}
}

static const struct reason_entry *find(enum exit_isa isa, uint32_t reason)
{
	size_t len, lo = 0, hi;
	const struct reason_entry *t = table_of(isa, &len);

	hi = len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].reason == reason)
			return &t[mid];
		if (t[mid].reason < reason)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *exit_reason_name(enum exit_isa isa, uint32_t reason)
{
	const struct reason_entry *e = find(isa, reason);

	return e ? e->name : NULL;
}

bool exit_reason_defined(enum exit_isa isa, uint32_t reason)
{
	return find(isa, reason) != NULL;
}

size_t exit_reason_count(enum exit_isa isa)
{
	size_t len;

	table_of(isa, &len);
	return len;
}

uint32_t exit_reason_at(enum exit_isa isa, size_t i)
{
	size_t len;
	const struct reason_entry *t = table_of(isa, &len);

	return i < len ? t[i].reason : UINT32_MAX;
}

const char *exit_isa_name(enum exit_isa isa)
{
	switch (isa) {
	case EXIT_ISA_VMX:
		return "vmx";
	case EXIT_ISA_SVM:
		return "svm";
	default:
		return "unknown";
	}
}

uint32_t exit_reason_cpuid(enum exit_isa isa)
{
	switch (isa) {
	case EXIT_ISA_VMX:
		return EXIT_VMX_CPUID;
	case EXIT_ISA_SVM:
		return EXIT_SVM_CPUID;
	default:
		return 0;
	}
}

/* Case-insensitive equality where '_' and ' ' are the same character. */
static bool name_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);

		if (ca == ' ')
			ca = '_';
		if (cb == ' ')
			cb = '_';
		if (ca != cb)
			return false;
		if (ca == '\0')
			return true;
	}
}

static const struct reason_entry *find_name(const struct reason_entry *t,
					    size_t len, const char *text)
{
	for (size_t i = 0; i < len; i++)
		if (name_equal(t[i].name, text))
			return &t[i];
	return NULL;
}

/* Decimal or 0x-hex u32, digits only (no sign, no blanks); 0 on success. */
static int parse_number(const char *text, uint32_t *out)
{
	int base = 10;
	const char *digits = text;
	char *end;
	unsigned long long v;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		digits = text + 2;
	}
	if (!(base == 16 ? isxdigit((unsigned char)*digits)
			 : isdigit((unsigned char)*digits)))
		return -1;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int exit_reason_parse(enum exit_isa isa, const char *text, uint32_t *reason)
{
	size_t len;
	const struct reason_entry *t = table_of(isa, &len), *e;
	uint32_t number;

	if (!t || !text || !reason)
		return -1;
	if (parse_number(text, &number) == 0) {
		if (!exit_reason_defined(isa, number))
			return -1;
		*reason = number;
		return 0;
	}
	e = find_name(t, len, text);
	if (!e && isa == EXIT_ISA_SVM)
		e = find_name(svm_aliases, ARRAY_LEN(svm_aliases), text);
	if (!e)
		return -1;
	*reason = e->reason;
	return 0;
}
