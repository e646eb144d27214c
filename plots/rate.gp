# rate.gp - exits per second over time (rate.dat: time in tunit, exits per second;
# each bucket a flat segment)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/rate.%s', datadir, outfmt)
set title 'VM exits per second'
set xlabel sprintf('%s since the first exit', tunit)
set ylabel 'exits/s'
set yrange [0:*]
set xrange [0:*]
set key bottom right
plot sprintf('%s/rate.dat', datadir) using 1:2 with lines lw 2 lc rgb '#70ad47' title 'exits/s'
