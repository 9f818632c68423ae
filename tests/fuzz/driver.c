/*
 * A main() for the harnesses in a normal build: each argument, a file or
 * a folder of files, is given to LLVMFuzzerTestOneInput once.  So the
 * seed corpora and every crash kept in regress/ run in make check.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL, *exact;
	size_t n = 0, cap = 0, r;

	if (!f)
		return perror(path), 1;
	do {
		if (n == cap && !(data = realloc(data, cap = cap * 2 + 4096)))
			abort();
		r = fread(data + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	/* Exactly N bytes, as libFuzzer gives them: a read past the end is
	 * then a sanitizer's finding here too. */
	if (!(exact = malloc(n ? n : 1)))
		abort();
	memcpy(exact, data, n);
	free(data);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int i, bad = 0;
	size_t runs = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char path[4096];

		if (stat(argv[i], &st) != 0)
			continue; /* an empty regress/ folder is not kept by git */
		if (!S_ISDIR(st.st_mode)) {
			bad |= run_file(argv[i]), runs++;
			continue;
		}
		if (!(d = opendir(argv[i])))
			return perror(argv[i]), 1;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			bad |= run_file(path), runs++;
		}
		closedir(d);
	}
	printf("%zu inputs\n", runs);
	return bad;
}
