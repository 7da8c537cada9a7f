#ifndef STACKGATE_UNIT_H
#define STACKGATE_UNIT_H

/* Test groups of the other files of tests/unit; each returns its failures. */
int unit_model_tests(void);
int unit_model_py_tests(void);

#endif
