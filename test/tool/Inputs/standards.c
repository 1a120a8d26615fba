/* Compiles only in the default C mode daemon-tidy promises. */
#if __STDC_VERSION__ != 201112L
#error "expected -std=c11"
#endif
int answer(void) { return 42; }
