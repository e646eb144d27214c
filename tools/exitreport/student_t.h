/* student_t.h - Student's t distribution, integer degrees of freedom.
 *
 * What `exitreport diff` needs of it with several runs a side: the
 * two-sided quantile at any level, so that the intervals of one table can
 * share a level (Bonferroni) instead of each having its own.
 */
#ifndef ER_STUDENT_T_H
#define ER_STUDENT_T_H

/* P(|T| < T_ABS) for T of Student's t with DF >= 1 degrees of freedom:
 * exact (Abramowitz and Stegun 26.7.3 and 26.7.4). */
double t_central(double t_abs, unsigned int df);

/* The t with P(|T| >= t) = ALPHA (0 < ALPHA < 1), DF >= 1: the two-sided
 * 1 - ALPHA quantile, to a relative 1e-12. */
double t_quantile(double alpha, unsigned int df);

#endif
