/*
 * libpcap's bpf_filter() over every packet of a capture, for comparison
 * with `bpfdump --bench`: same file, same expression, same streaming over
 * all packets held in memory back to back, rounds for about a second.
 *
 *   cc -O2 -o libpcap_bench benches/libpcap_bench.c -lpcap
 *   ./libpcap_bench FILE EXPRESSION
 *
 * Prints `packets`, `rounds`, `matches` and, last, `ns_per_packet <float>`,
 * like bpfdump's --bench; time is the thread's CPU time, as there.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct packet {
	size_t start;
	uint32_t caplen;
	uint32_t wirelen;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t one_pass(const struct bpf_insn *insns, const unsigned char *bytes,
			 const struct packet *packets, size_t count)
{
	uint64_t matches = 0;
	for (size_t i = 0; i < count; i++) {
		const struct packet *p = &packets[i];
		matches += bpf_filter(insns, bytes + p->start, p->wirelen, p->caplen) != 0;
	}
	return matches;
}

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	if (argc < 3) {
		fprintf(stderr, "usage: %s FILE EXPRESSION\n", argv[0]);
		return 2;
	}
	pcap_t *pcap = pcap_open_offline(argv[1], errbuf);
	if (!pcap) {
		fprintf(stderr, "%s\n", errbuf);
		return 1;
	}
	struct bpf_program program;
	if (pcap_compile(pcap, &program, argv[2], 1, PCAP_NETMASK_UNKNOWN) < 0) {
		fprintf(stderr, "%s\n", pcap_geterr(pcap));
		return 1;
	}
	size_t cap = 1 << 20, used = 0, count = 0, max = 1024;
	unsigned char *bytes = malloc(cap);
	struct packet *packets = malloc(max * sizeof *packets);
	struct pcap_pkthdr *header;
	const unsigned char *data;
	while (pcap_next_ex(pcap, &header, &data) == 1) {
		while (used + header->caplen > cap)
			bytes = realloc(bytes, cap *= 2);
		if (count == max)
			packets = realloc(packets, (max *= 2) * sizeof *packets);
		memcpy(bytes + used, data, header->caplen);
		packets[count++] = (struct packet){ used, header->caplen, header->len };
		used += header->caplen;
	}
	if (count == 0) {
		fprintf(stderr, "no packets\n");
		return 1;
	}
	uint64_t matches = one_pass(program.bf_insns, bytes, packets, count);
	/* Calibrate for ~0.1 s, then run for ~1 s. */
	volatile uint64_t sink = 0;
	double start = now();
	uint64_t calibration = 0;
	while (now() - start < 0.1) {
		sink += one_pass(program.bf_insns, bytes, packets, count);
		calibration++;
	}
	double per_round = (now() - start) / calibration;
	uint64_t rounds = (uint64_t)(1.0 / per_round);
	if (rounds < 1)
		rounds = 1;
	start = now();
	for (uint64_t r = 0; r < rounds; r++)
		sink += one_pass(program.bf_insns, bytes, packets, count);
	double elapsed = now() - start;
	printf("packets %zu\n", count);
	printf("rounds %llu\n", (unsigned long long)rounds);
	printf("matches %llu\n", (unsigned long long)matches);
	printf("ns_per_packet %.3f\n", elapsed * 1e9 / ((double)rounds * count));
	return 0;
}
