/* fake_hv.c - the fake KVM of fake_hv.h. */
#include "fake_hv.h"

#include <stdlib.h>
#include <string.h>

#include "exit_abi.h"
#include "presence.h"

static size_t index_of(const struct fake_hv *hv, uint32_t reason)
{
	for (size_t i = 0; i < exit_reason_count(hv->isa); i++)
		if (exit_reason_at(hv->isa, i) == reason)
			return i;
	abort(); /* a test asked for a reason the table does not define */
}

void fake_hv_init(struct fake_hv *hv, const char *vendor, bool patched)
{
	memset(hv, 0, sizeof(*hv));
	memcpy(hv->vendor, vendor, 12);
	hv->hypervisor_bit = true;
	hv->signature = "KVMKVMKVM\0\0\0";
	hv->patched = patched;
	hv->max_basic = 0x1f;
	hv->apic_id = 3;
	hv->cpuid_cost = 1000;
	hv->isa = presence_isa_of_vendor(hv->vendor);
}

static struct cpuid_regs regs(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	struct cpuid_regs r = { a, b, c, d };

	return r;
}

static struct cpuid_regs string_leaf(uint32_t eax, const char *s12, int vendor_order)
{
	uint32_t w[3];

	memcpy(w, s12, 12);
	/* leaf 0 is EBX, EDX, ECX; hypervisor leaves EBX, ECX, EDX */
	return vendor_order ? regs(eax, w[0], w[2], w[1]) : regs(eax, w[0], w[1], w[2]);
}

/* Stock KVM leaf data for the leaves we model; unknown leaves as KVM's
 * get_out_of_range_cpuid_entry: Intel-like guests get the max basic leaf
 * (with the original subleaf), AMD/Hygon guests zeros. */
static struct cpuid_regs basic_leaf(const struct fake_hv *hv, uint32_t leaf, uint32_t sub)
{
	bool intel_like = memcmp(hv->vendor, "AuthenticAMD", 12) != 0 &&
			  memcmp(hv->vendor, "HygonGenuine", 12) != 0;

	if (leaf == 0)
		return string_leaf(hv->max_basic, hv->vendor, 1);
	if (leaf == 1)
		return regs(0x000906ea, 0x00010800, 0x7ffafbff | (hv->hypervisor_bit ? 1u << 31 : 0),
			    0xbfebfbff);
	if (leaf == hv->max_basic && (leaf == 0xb || leaf == 0x1f))
		return sub <= 1 ? regs(sub ? 4 : 1, 1, (sub + 1) << 8 | sub, hv->apic_id)
				: regs(0, 0, sub & 0xff, hv->apic_id);
	if (leaf == hv->max_basic) /* e.g. 0xD: data for subleaves 0 and 1 only */
		return sub <= 1 ? regs(0x207, 0x340, 0xa88, 0) : regs(0, 0, 0, 0);
	if (leaf == 0x40000000 && hv->signature)
		return string_leaf(0x40000001, hv->signature, 0);
	if (leaf == 0x40000001 && hv->signature)
		return regs(0x01007efb, 0, 0, 0);
	if (leaf == 0x40000100 && hv->signature_100)
		return string_leaf(0x40000101, hv->signature_100, 0);
	if (leaf < hv->max_basic)
		return regs(0, 0, 0, 0);
	return intel_like ? basic_leaf(hv, hv->max_basic, sub) : regs(0, 0, 0, 0);
}

static struct cpuid_regs stats_leaf(const struct fake_hv *hv, uint32_t leaf, uint32_t reason)
{
	size_t i;

	if (leaf == EXIT_LEAF_TOTALS)
		return regs((uint32_t)hv->total_count, (uint32_t)(hv->total_cycles >> 32),
			    (uint32_t)hv->total_cycles, (uint32_t)(hv->total_count >> 32));
	if (!exit_reason_defined(hv->isa, reason))
		return regs(0, 0, 0, EXIT_UNDEFINED_EDX);
	i = index_of(hv, reason);
	if (hv->state[i] == FAKE_HOST_UNDEFINED)
		return regs(0, 0, 0, EXIT_UNDEFINED_EDX);
	if (hv->state[i] == FAKE_UNHANDLED)
		return regs(0, 0, 0, 0);
	if (leaf == EXIT_LEAF_COUNT)
		return regs((uint32_t)hv->count[i], (uint32_t)(hv->count[i] >> 32), 0, 0);
	return regs((uint32_t)hv->count[i], (uint32_t)(hv->cycles[i] >> 32),
		    (uint32_t)hv->cycles[i], 0);
}

static struct cpuid_regs fake_query(void *ctx, uint32_t leaf, uint32_t sub)
{
	struct fake_hv *hv = ctx;
	uint32_t cpuid = exit_reason_cpuid(hv->isa);

	hv->queries++;
	if (hv->in_exit) { /* the previous CPUID exit has finished */
		hv->cycles[index_of(hv, cpuid)] += hv->pending;
		hv->total_cycles += hv->pending;
	}
	if (hv->isa != EXIT_ISA_UNKNOWN) {
		hv->count[index_of(hv, cpuid)]++;
		hv->total_count++;
		hv->pending = hv->cpuid_cost + (hv->queries % 2 ? hv->cpuid_jitter : 0);
		hv->in_exit = true;
	}
	if (hv->patched && (leaf == EXIT_LEAF_TOTALS || leaf == EXIT_LEAF_COUNT ||
			    leaf == EXIT_LEAF_COUNT_CYCLES))
		return stats_leaf(hv, leaf, sub);
	return basic_leaf(hv, leaf, sub);
}

struct cpuid_backend fake_hv_backend(struct fake_hv *hv)
{
	struct cpuid_backend b = { fake_query, hv };

	return b;
}

void fake_hv_exits(struct fake_hv *hv, uint32_t reason, uint64_t n, uint64_t cycles_each)
{
	size_t i = index_of(hv, reason);

	hv->count[i] += n;
	hv->cycles[i] += n * cycles_each;
	hv->total_count += n;
	hv->total_cycles += n * cycles_each;
}

void fake_hv_set(struct fake_hv *hv, uint32_t reason, uint64_t count, uint64_t cycles)
{
	size_t i = index_of(hv, reason);

	hv->total_count += count - hv->count[i];
	hv->total_cycles += cycles - hv->cycles[i];
	hv->count[i] = count;
	hv->cycles[i] = cycles;
}

void fake_hv_mark(struct fake_hv *hv, uint32_t reason, enum fake_reason_state s)
{
	hv->state[index_of(hv, reason)] = s;
}

uint64_t fake_hv_count(const struct fake_hv *hv, uint32_t reason)
{
	return hv->count[index_of(hv, reason)];
}

uint64_t fake_hv_cycles(const struct fake_hv *hv, uint32_t reason)
{
	return hv->cycles[index_of(hv, reason)];
}
