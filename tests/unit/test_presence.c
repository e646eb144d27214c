/* test_presence.c - presence and vendor detection against fake hosts. */
#include "check.h"
#include "exit_abi.h"
#include "fake_hv.h"
#include "presence.h"

#include <string.h>

static void detect(struct fake_hv *hv, enum exit_isa forced, struct presence *p, char *msg,
		   size_t len)
{
	struct cpuid_backend b = fake_hv_backend(hv);

	presence_detect(&b, forced, p);
	presence_message(p, msg, len);
}

static void test_stock_amd(void)
{
	struct fake_hv hv;
	struct presence p;
	char msg[256];

	test_begin("presence: stock KVM, AMD guest (unknown leaves are zeros)");
	fake_hv_init(&hv, "AuthenticAMD", false);
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_NO_LEAVES, "state %d", p.state);
	check_that(p.isa == EXIT_ISA_SVM && p.kvm_base == 0x40000000, "isa/base");
	check_that(strcmp(msg, "KVM exit-statistics CPUID leaves 0x4FFFFFFD-0x4FFFFFFF not "
			  "present (KVM, AuthenticAMD): stock KVM, a VM that does not expose "
			  "them (kvm.exit_stats_guest) or kvm.exit_stats=N") == 0, "message \"%s\"", msg);
	test_end();
}

/* Stock Intel answers 0x4FFFFFxx from the max basic leaf with the same subleaf. */
static void test_stock_intel(uint32_t max_basic, const char *name)
{
	struct fake_hv hv;
	struct presence p;
	struct cpuid_backend b;
	struct cpuid_regs r;
	char msg[256];

	test_begin(name);
	fake_hv_init(&hv, "GenuineIntel", false);
	hv.max_basic = max_basic;
	b = fake_hv_backend(&hv);
	r = cpuid_query(&b, EXIT_LEAF_COUNT, 0);
	check_that(r.eax || r.ebx || r.ecx || r.edx, "fake does not model Intel's max-basic answer");
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_NO_LEAVES && p.isa == EXIT_ISA_VMX, "state %d isa %d",
		   p.state, p.isa);
	check_that(strstr(msg, "not present (KVM, GenuineIntel)") != NULL, "message \"%s\"", msg);
	test_end();
}

static void test_patched(const char *vendor, enum exit_isa want)
{
	struct fake_hv hv;
	struct presence p;
	char msg[256], name[96];

	snprintf(name, sizeof(name), "presence: patched KVM, %s guest -> %s", vendor,
		 exit_isa_name(want));
	test_begin(name);
	fake_hv_init(&hv, vendor, true);
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_OK && p.isa == want, "state %d isa %d", p.state, p.isa);
	check_that(strcmp(p.vendor, vendor) == 0, "vendor \"%s\"", p.vendor);
	test_end();
}

static void test_no_hypervisor(void)
{
	struct fake_hv hv;
	struct presence p;
	char msg[256];

	test_begin("presence: no hypervisor bit (bare metal)");
	fake_hv_init(&hv, "GenuineIntel", false);
	hv.hypervisor_bit = false;
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_NO_HYPERVISOR, "state %d", p.state);
	check_that(strstr(msg, "not running in a virtual machine") == msg, "message \"%s\"", msg);
	test_end();
}

static void test_signatures(void)
{
	struct fake_hv hv;
	struct presence p;
	char msg[256];

	test_begin("presence: KVM signature search (Hyper-V first, hidden KVM, not KVM)");
	fake_hv_init(&hv, "AuthenticAMD", true);
	hv.signature = "Microsoft Hv";
	hv.signature_100 = "KVMKVMKVM\0\0\0";
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_OK && p.kvm_base == 0x40000100, "KVM at 0x40000100: %d %x",
		   p.state, p.kvm_base);
	fake_hv_init(&hv, "AuthenticAMD", true);
	hv.signature = NULL; /* QEMU kvm=off hides KVM; the leaves still work */
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_OK && p.kvm_base == 0, "hidden KVM: %d", p.state);
	fake_hv_init(&hv, "GenuineIntel", false);
	hv.signature = "VMwareVMware";
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_NO_LEAVES, "vmware state %d", p.state);
	check_that(strstr(msg, "(hypervisor \"VMwareVMware\" is not KVM, GenuineIntel)") != NULL,
		   "message \"%s\"", msg);
	test_end();
}

static void test_unknown_vendor(void)
{
	struct fake_hv hv;
	struct presence p;
	char msg[256];

	test_begin("presence: unknown vendor needs --isa");
	fake_hv_init(&hv, "FancyNewCPU!", true);
	hv.isa = EXIT_ISA_VMX;
	detect(&hv, EXIT_ISA_UNKNOWN, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_UNKNOWN_VENDOR, "state %d", p.state);
	check_that(strstr(msg, "give --isa=vmx or --isa=svm") != NULL, "message \"%s\"", msg);
	detect(&hv, EXIT_ISA_VMX, &p, msg, sizeof(msg));
	check_that(p.state == PRESENCE_OK && p.isa == EXIT_ISA_VMX, "forced: state %d", p.state);
	check_that(presence_isa_of_vendor("HygonGenuine") == EXIT_ISA_SVM &&
			   presence_isa_of_vendor("GenuineIntel") == EXIT_ISA_VMX &&
			   presence_isa_of_vendor("GenuineIntex") == EXIT_ISA_UNKNOWN,
		   "vendor map");
	test_end();
}

/* A patched host must also show the CPUID reason counting the probe itself. */
static void test_signature_needs_cpuid_count(void)
{
	struct fake_hv hv;
	struct cpuid_backend b;

	test_begin("presence: undefined signature alone is not enough for a known isa");
	fake_hv_init(&hv, "GenuineIntel", true);
	fake_hv_mark(&hv, EXIT_VMX_CPUID, FAKE_UNHANDLED);
	b = fake_hv_backend(&hv);
	check_that(!presence_leaves_ok(&b, EXIT_ISA_VMX), "accepted a zero CPUID count");
	check_that(presence_leaves_ok(&b, EXIT_ISA_UNKNOWN), "unknown isa checks signature only");
	test_end();
}

int main(void)
{
	test_stock_amd();
	test_stock_intel(0x1f, "presence: stock KVM, Intel guest, max basic leaf 0x1F (topology)");
	test_stock_intel(0xd, "presence: stock KVM, Intel guest, max basic leaf 0xD (xsave)");
	test_patched("GenuineIntel", EXIT_ISA_VMX);
	test_patched("AuthenticAMD", EXIT_ISA_SVM);
	test_patched("HygonGenuine", EXIT_ISA_SVM);
	test_no_hypervisor();
	test_signatures();
	test_unknown_vendor();
	test_signature_needs_cpuid_count();
	return check_exit_status();
}
