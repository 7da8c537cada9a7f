/*
 * stackgate never talks to a network: it reads objects that are already
 * on disk. Debian's libgit2 1.5 is built with mbedTLS and, inside
 * git_libgit2_init(), parses the whole system CA bundle (about 55 million
 * instructions, 5 ms, most of a pre-commit run) for HTTPS it will never
 * do here. Defining the parser in the executable interposes it for the
 * library (the dynamic linker binds libgit2's call to the first
 * definition, ours), so the bundle is not read. libgit2 then has no CA
 * chain, which only matters for HTTPS remotes, which stackgate has none
 * of. With a libgit2 built against OpenSSL this function is simply unused.
 */
struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path);

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
