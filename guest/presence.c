/* presence.c - hypervisor, vendor and exit-statistics leaf detection. */
#include "presence.h"

#include <stdio.h>
#include <string.h>

#include "exit_abi.h"

#define HV_BASE_FIRST 0x40000000u
#define HV_BASE_LAST 0x4000FF00u /* bases are 0x100 apart, as Linux scans them */

static void regs_string(char out[13], uint32_t a, uint32_t b, uint32_t c)
{
	memcpy(out, &a, 4);
	memcpy(out + 4, &b, 4);
	memcpy(out + 8, &c, 4);
	out[12] = '\0';
}

enum exit_isa presence_isa_of_vendor(const char *vendor)
{
	static const struct { const char *vendor; enum exit_isa isa; } map[] = {
		{ "GenuineIntel", EXIT_ISA_VMX },
		{ "CentaurHauls", EXIT_ISA_VMX }, /* Zhaoxin/Centaur use VMX */
		{ "  Shanghai  ", EXIT_ISA_VMX },
		{ "AuthenticAMD", EXIT_ISA_SVM },
		{ "HygonGenuine", EXIT_ISA_SVM },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(vendor, map[i].vendor) == 0)
			return map[i].isa;
	return EXIT_ISA_UNKNOWN;
}

bool presence_leaves_ok(const struct cpuid_backend *b, enum exit_isa isa)
{
	struct cpuid_regs u = cpuid_query(b, EXIT_LEAF_COUNT, EXIT_PROBE_UNDEFINED_REASON);
	struct cpuid_regs c;

	if (u.eax || u.ebx || u.ecx || u.edx != EXIT_UNDEFINED_EDX)
		return false;
	if (isa == EXIT_ISA_UNKNOWN)
		return true;
	c = cpuid_query(b, EXIT_LEAF_COUNT, exit_reason_cpuid(isa));
	return (c.eax || c.ebx) && !c.ecx && !c.edx;
}

/* Base of the KVM signature leaf, 0 if none; the first signature seen. */
static uint32_t find_kvm_base(const struct cpuid_backend *b, char first_sig[13])
{
	first_sig[0] = '\0';
	for (uint32_t base = HV_BASE_FIRST; base <= HV_BASE_LAST; base += 0x100) {
		struct cpuid_regs r = cpuid_query(b, base, 0);
		char sig[13];

		regs_string(sig, r.ebx, r.ecx, r.edx);
		if (base == HV_BASE_FIRST)
			memcpy(first_sig, sig, sizeof(sig));
		if (memcmp(sig, "KVMKVMKVM\0\0\0", 12) == 0)
			return base;
	}
	return 0;
}

void presence_detect(const struct cpuid_backend *b, enum exit_isa forced_isa,
		     struct presence *p)
{
	struct cpuid_regs r = cpuid_query(b, 0, 0);

	memset(p, 0, sizeof(*p));
	regs_string(p->vendor, r.ebx, r.edx, r.ecx);
	p->isa = forced_isa != EXIT_ISA_UNKNOWN ? forced_isa
						: presence_isa_of_vendor(p->vendor);
	r = cpuid_query(b, 1, 0);
	if (!(r.ecx & (1u << 31))) {
		p->state = PRESENCE_NO_HYPERVISOR;
		return;
	}
	p->kvm_base = find_kvm_base(b, p->hv_signature);
	if (!presence_leaves_ok(b, p->isa))
		p->state = PRESENCE_NO_LEAVES;
	else if (p->isa == EXIT_ISA_UNKNOWN)
		p->state = PRESENCE_UNKNOWN_VENDOR;
	else
		p->state = PRESENCE_OK;
}

/* Printable copy of a 12-byte register string (NULs and controls as '.'). */
static void printable(char out[13], const char in[13])
{
	size_t n = strlen(in);

	for (size_t i = 0; i < 12; i++)
		out[i] = (i < n && in[i] >= 0x20 && in[i] < 0x7f) ? in[i] : '.';
	out[n < 12 ? n : 12] = '\0';
}

void presence_message(const struct presence *p, char *buf, size_t len)
{
	char vendor[13], sig[13];

	printable(vendor, p->vendor);
	printable(sig, p->hv_signature);
	switch (p->state) {
	case PRESENCE_OK:
		snprintf(buf, len, "KVM exit statistics present (%s, %s)",
			 exit_isa_name(p->isa), vendor);
		break;
	case PRESENCE_NO_HYPERVISOR:
		snprintf(buf, len, "not running in a virtual machine (CPUID.1:ECX "
			 "hypervisor bit clear): no KVM exit statistics");
		break;
	case PRESENCE_NO_LEAVES:
		if (p->kvm_base)
			snprintf(buf, len, "KVM exit-statistics CPUID leaves 0x4FFFFFFD-"
				 "0x4FFFFFFF not present (KVM, %s): stock KVM, a VM that does not "
				 "expose them (kvm.exit_stats_guest) or kvm.exit_stats=N", vendor);
		else
			snprintf(buf, len, "KVM exit-statistics CPUID leaves 0x4FFFFFFD-"
				 "0x4FFFFFFF not present (hypervisor \"%s\" is not KVM, %s)",
				 sig, vendor);
		break;
	case PRESENCE_UNKNOWN_VENDOR:
		snprintf(buf, len, "CPU vendor \"%s\" is neither Intel nor AMD: "
			 "give --isa=vmx or --isa=svm", vendor);
		break;
	}
}
