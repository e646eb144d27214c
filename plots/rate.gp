# rate.gp - exits per second over time (rate.dat: seconds exits_per_second)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/rate.%s', datadir, outfmt)
set title 'VM exits per second'
set xlabel 'seconds since the first event'
set ylabel 'exits/s'
set yrange [0:*]
plot sprintf('%s/rate.dat', datadir) using 1:2 with steps title 'exits/s' lc rgb '#70ad47'
