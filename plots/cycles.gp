# cycles.gp - the time spent in exits, by reason, the most first
# (reasons-by-time.dat: name count total)
load sprintf('%s/common.gp', scriptdir)
set output sprintf('%s/cycles.%s', datadir, outfmt)
set title sprintf('Time in exits by reason (%s)', unit)
set ylabel unit
set style data histograms
set xtics rotate by -45 noenhanced
set bmargin 8	# room for names like EXTERNAL_INTERRUPT below the axis
set yrange [0:*]
plot sprintf('%s/reasons-by-time.dat', datadir) using 3:xtic(1) title unit lc rgb '#ed7d31'
