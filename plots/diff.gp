# diff.gp - exitreport diff: per reason, exits per second (or exits) and the
# mean cost, run A beside run B, both on log scales (diff.dat: name rate_a
# rate_b mean_a mean_b; a '*' after the name marks a significant change).
# exitreport passes datadir, outfmt, unit, label_a, label_b, per, ymin_rate,
# ymin_mean (half the smallest non-zero value, so one exit still shows).
if (outfmt eq 'svg') {
    set terminal svg size 1000,800 dynamic background rgb 'white' font 'sans,11'
} else {
    set terminal pngcairo size 1000,800 font 'sans,10'
}
set output sprintf('%s/diff.%s', datadir, outfmt)
set grid ytics
set key top right noenhanced
set style fill solid 0.8 border -1
set style data histograms
set style histogram clustered gap 1
set xtics rotate by -45 noenhanced
set logscale y
set multiplot layout 2,1 title 'exitreport diff: A = ' . label_a . ', B = ' . label_b . '  (* significant)' noenhanced
set title 'VM exits by reason'
set ylabel per . ' (log scale)'
set yrange [ymin_rate:*]
plot sprintf('%s/diff.dat', datadir) using ($2 > 0 ? $2 : NaN):xtic(1) title 'A' lc rgb '#4472c4', \
     '' using ($3 > 0 ? $3 : NaN) title 'B' lc rgb '#ed7d31'
set title 'mean ' . unit . ' per exit'
set ylabel unit . ' (log scale)'
set yrange [ymin_mean:*]
plot sprintf('%s/diff.dat', datadir) using ($4 > 0 ? $4 : NaN):xtic(1) title 'A' lc rgb '#4472c4', \
     '' using ($5 > 0 ? $5 : NaN) title 'B' lc rgb '#ed7d31'
unset multiplot
