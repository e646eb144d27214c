# counts.gp - exit counts by reason (reasons.dat: name count total)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/counts.%s', datadir, outfmt)
set title 'VM exits by reason'
set ylabel 'exits'
set style data histograms
set xtics rotate by -45 noenhanced
set bmargin 8	# room for names like EXTERNAL_INTERRUPT below the axis
set yrange [0:*]
plot sprintf('%s/reasons.dat', datadir) using 2:xtic(1) title 'exits' lc rgb '#4472c4'
