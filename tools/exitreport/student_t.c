/* student_t.c - Student's t distribution, integer degrees of freedom (student_t.h). */
#include "student_t.h"

#include <math.h>

#define PI 3.14159265358979323846

/* the finite series of A&S 26.7.3 (odd DF) and 26.7.4 (even DF) in
 * cos^2(theta): 1 + r_1 c + r_1 r_2 c^2 + ..., r_j = (2j - 1 + odd) / (2j + odd) */
static double cos_series(double c2, unsigned int df)
{
	unsigned int odd = df % 2, k;
	double term = 1, sum = 1;

	for (k = 2 + odd; k + 2 <= df; k += 2) {
		term *= (double)(k - 1) / (double)k * c2;
		sum += term;
	}
	return sum;
}

double t_central(double t_abs, unsigned int df)
{
	double theta = atan(fabs(t_abs) / sqrt((double)df));

	if (df % 2 == 0)
		return sin(theta) * cos_series(cos(theta) * cos(theta), df);
	if (df == 1)
		return 2 * theta / PI;
	return 2 / PI * (theta + sin(theta) * cos(theta) * cos_series(cos(theta) * cos(theta), df));
}

double t_quantile(double alpha, unsigned int df)
{
	double lo = 0, hi = 1, mid;
	int i;

	while (1 - t_central(hi, df) > alpha && hi < 1e300)
		hi *= 2;
	for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		mid = (lo + hi) / 2;
		if (1 - t_central(mid, df) > alpha)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}
