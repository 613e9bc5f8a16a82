# Turn build/bench/results.tsv into the benchmark table (stdout) and JSON (file `json`).
# Usage: awk -f summarize.awk -v json=OUT -v notes=NOTES_FILE -v bars=BARS_FILE -v date=.. -v machine=.. -v kernel=.. base.tsv results.tsv
# base.tsv:    section figure baseline-tool noise-limit-%
# results.tsv: section tool figure unit round value   (value "n/a (why)" for a missing column)
# The ratio is the median of per-round ratios against the baseline run of the
# same round (runs alternate A B A B), or the ratio of medians when unpaired.
BEGIN { FS = "\t" }
FNR == NR { base[$1 SUBSEP $2] = $3; lim[$1 SUBSEP $2] = $4; next }
{
	k = $1 SUBSEP $2 SUBSEP $3
	if (!(k in seen)) {
		seen[k] = 1; order[++nk] = k
		sec[k] = $1; tl[k] = $2; fig[k] = $3; unit[k] = $4
		if (!($1 in secseen)) { secseen[$1] = 1; secs[++ns] = $1 }
	}
	if ($6 ~ /^n\/a/) { nav[k] = $6; next }
	n[k]++; v[k, n[k]] = $6 + 0; rd[k, n[k]] = $5
	byround[k, $5] = $6 + 0
}

function sortn(a, m,    i, j, t) {
	for (i = 2; i <= m; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
}
function median(a, m) {
	sortn(a, m)
	return (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
}
function fmt(x,    ax) {
	ax = x < 0 ? -x : x
	if (ax == int(ax) && ax < 1e12) return sprintf("%d", x)
	if (ax >= 100) return sprintf("%.0f", x)
	if (ax >= 10) return sprintf("%.1f", x)
	if (ax >= 1) return sprintf("%.2f", x)
	return sprintf("%.3g", x)
}
function jstr(s) {
	gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, " ", s)
	return "\"" s "\""
}
function jnum(x) { return (x == "") ? "null" : x }

END {
	m = 0
	# By section, then by figure; within a figure, the baseline first.
	for (si = 1; si <= ns; si++) {
		nf = 0; split("", figseen)
		for (i = 1; i <= nk; i++)
			if (sec[order[i]] == secs[si] && !(fig[order[i]] in figseen)) {
				figseen[fig[order[i]]] = 1; figs[++nf] = fig[order[i]]
			}
		for (fi = 1; fi <= nf; fi++)
			for (pass = 1; pass <= 2; pass++)
				for (i = 1; i <= nk; i++) {
					k = order[i]
					isbase = (base[sec[k] SUBSEP fig[k]] == tl[k])
					if (sec[k] == secs[si] && fig[k] == figs[fi] && (pass == 1) == isbase) grouped[++m] = k
				}
	}
	for (i = 1; i <= nk; i++) order[i] = grouped[i]
	for (i = 1; i <= nk; i++) {
		k = order[i]
		if (!n[k]) continue
		m = n[k]
		for (j = 1; j <= m; j++) tmp[j] = v[k, j]
		med[k] = median(tmp, m); lo[k] = tmp[1]; hi[k] = tmp[m]
		# Interquartile range: one stray run does not make a whole section noisy.
		q1 = int((m + 3) / 4); q3 = m + 1 - q1
		iqr[k] = tmp[q3] - tmp[q1]
	}
	printf "%-9s %-28s %-30s %12s  %-23s %-9s %s\n", "section", "tool", "figure", "median", "min-max", "ratio", "note"
	printf "%s\n", "------------------------------------------------------------------------------------------------------------------------"
	print "{" > json
	printf "  \"date\": %s,\n  \"machine\": %s,\n  \"kernel\": %s,\n  \"rows\": [", jstr(date), jstr(machine), jstr(kernel) > json
	first = 1
	for (i = 1; i <= nk; i++) {
		k = order[i]
		s = sec[k]; t = tl[k]; f = fig[k]
		bt = base[s SUBSEP f]; note = ""; ratio = ""
		if (!n[k]) {
			printf "%-9s %-28s %-30s %12s  %-23s %-9s %s\n", s, t, f, "n/a", "", "", nav[k]
			printf "%s\n    {\"section\": %s, \"tool\": %s, \"figure\": %s, \"unit\": %s, \"median\": null, \"min\": null, \"max\": null, \"n\": 0, \"ratio\": null, \"note\": %s}", \
				first ? "" : ",", jstr(s), jstr(t), jstr(f), jstr(unit[k]), jstr(nav[k]) > json
			first = 0
			continue
		}
		if (bt != "") {
			bk = s SUBSEP bt SUBSEP f
			if (t == bt) {
				ratio = 1
				if (med[k] > 0 && lim[s SUBSEP f] > 0) {
					spread = iqr[k] * 100 / med[k]
					if (spread > lim[s SUBSEP f]) {
						note = sprintf("NOISY: baseline IQR %.0f%% of median > %s%%, ratios inconclusive", spread, lim[s SUBSEP f])
						noisy[s SUBSEP f] = 1
					}
				}
			} else if (n[bk] && med[bk] > 0) {
				pm = 0
				for (j = 1; j <= n[k]; j++) {
					r = rd[k, j]
					if ((bk, r) in byround && byround[bk, r] > 0) pr[++pm] = v[k, j] / byround[bk, r]
				}
				ratio = pm ? median(pr, pm) : med[k] / med[bk]
				if (lo[bk] > 0) minr[k] = lo[k] / lo[bk]
			}
		}
		rat[k] = ratio
		range = fmt(lo[k]) "-" fmt(hi[k])
		printf "%-9s %-28s %-30s %12s  %-23s %-9s %s\n", s, t, f " (" unit[k] ")", fmt(med[k]), range, \
			ratio == "" ? "" : sprintf("%.3fx", ratio), note
		printf "%s\n    {\"section\": %s, \"tool\": %s, \"figure\": %s, \"unit\": %s, \"median\": %s, \"min\": %s, \"max\": %s, \"n\": %d, \"ratio\": %s, \"baseline\": %s, \"note\": %s}", \
			first ? "" : ",", jstr(s), jstr(t), jstr(f), jstr(unit[k]), med[k], lo[k], hi[k], n[k], \
			ratio == "" ? "null" : sprintf("%.4f", ratio), bt == "" ? "null" : jstr(bt), jstr(note) > json
		first = 0
	}
	printf "\n  ],\n  \"bars\": [" > json
	bars_print()
	printf "\n  ],\n  \"notes\": [" > json
	first = 1
	while (notes != "" && (getline line < notes) > 0) {
		printf "%s\n    %s", first ? "" : ",", jstr(line) > json
		first = 0
	}
	print "\n  ]\n}" > json
}

# The bars the project set itself, from file `bars` (tab-separated):
#   name section figure tool kind ref slack
# kinds: fastest (lowest median of the figure in its section), ratio_within
# (ratio <= ratio of ref + slack), ratio_le (ratio <= ratio of ref), zero (max 0),
# lower (median < median of ref), ratio_at_most (ratio to the baseline <= slack),
# at_least (median >= slack: PASS; fastest < slack: FAIL; else INCONCLUSIVE).
#
# ratio_within and ratio_le are judged on the per-round differences of the two
# ratios (same round, same baseline run): PASS when the upper end of a
# distribution-free 90 % confidence interval of their median is within the
# slack, FAIL when its lower end is beyond it, INCONCLUSIVE in between (the
# machine's noise is larger than the difference to be told apart).
function binom_cdf(j, m,    i, c, p) {	# P(Bin(m, 1/2) <= j)
	c = 1; p = 0
	for (i = 0; i <= j; i++) {
		p += c
		c = c * (m - i) / (i + 1)
	}
	return p / 2 ^ m
}
function diff_verdict(k, rk, slack, bk,    j, r, m, d, lo_i, ci_lo, ci_hi, med_d, conf, verdict) {
	m = 0
	for (j = 1; j <= n[k]; j++) {
		r = rd[k, j]
		if ((rk, r) in byround && (bk, r) in byround && byround[bk, r] > 0)
			d[++m] = (v[k, j] - byround[rk, r]) / byround[bk, r]
	}
	if (m < 3) return ""
	med_d = median(d, m)
	# the widest order statistics (j, m+1-j) that still cover the median with >= 90 %
	lo_i = 1
	while (lo_i + 1 <= m / 2 && 1 - 2 * binom_cdf(lo_i, m) >= 0.90) lo_i++
	conf = 1 - 2 * binom_cdf(lo_i - 1, m)
	ci_lo = d[lo_i]; ci_hi = d[m + 1 - lo_i]
	verdict = conf < 0.90 ? "INCONCLUSIVE, too few rounds" : \
		  ci_hi <= slack ? "PASS" : ci_lo > slack ? "FAIL" : "INCONCLUSIVE, machine too noisy"
	return sprintf("%s (difference %+.1f pp, %.0f%% CI %+.1f..%+.1f pp over %d rounds; bar %+.1f pp)", verdict, \
		med_d * 100, conf * 100, ci_lo * 100, ci_hi * 100, m, slack * 100)
}
function bars_print(    line, f, k, rk, ok, why, verdict, firstb, j, t) {
	if (bars == "") return
	print ""
	firstb = 1
	while ((getline line < bars) > 0) {
		split(line, f, "\t")
		k = f[2] SUBSEP f[4] SUBSEP f[3]; rk = f[2] SUBSEP f[6] SUBSEP f[3]
		verdict = ""
		if (!n[k]) verdict = "n/a (" (k in nav ? nav[k] : f[4] " not measured") ")"
		else if (f[5] == "fastest") {
			ok = 1; why = ""
			for (j = 1; j <= nk; j++) {
				t = order[j]
				if (sec[t] == f[2] && fig[t] == f[3] && t != k && n[t] && med[t] <= med[k]) {
					# Rounds alternate, so also say in how many rounds it was ahead anyway.
					won = 0; played = 0
					for (j = 1; j <= n[k]; j++)
						if ((t, rd[k, j]) in byround) { played++; if (v[k, j] < byround[t, rd[k, j]]) won++ }
					ok = 0; why = why sprintf(" %s %s (ahead of it in %d of %d rounds)", tl[t], fmt(med[t]), won, played)
				}
			}
			verdict = ok ? sprintf("PASS (%s %s)", fmt(med[k]), unit[k]) : sprintf("FAIL (%s %s; faster:%s)", fmt(med[k]), unit[k], why)
			if (noisy[f[2] SUBSEP f[3]]) verdict = "INCONCLUSIVE, machine too noisy: " verdict
		} else if (f[5] == "at_least") {
			# A round under the bar while another cleared it says the host's
			# speed moved between them: FAIL only when no round reached it.
			verdict = (med[k] >= f[7] ? "PASS" : hi[k] < f[7] ? "FAIL" : "INCONCLUSIVE, machine too noisy") \
				sprintf(" (median %s %s, fastest %s, slowest %s; bar %s)", \
				fmt(med[k]), unit[k], fmt(hi[k]), fmt(lo[k]), fmt(f[7]))
		} else if (f[5] == "ratio_at_most") {
			verdict = rat[k] == "" ? "n/a (no ratio)" : (rat[k] <= f[7] ? "PASS" : "FAIL") \
				sprintf(" (%.3fx of %s: %s vs %s %s)", rat[k], base[f[2] SUBSEP f[3]], fmt(med[k]), \
					fmt(med[f[2] SUBSEP base[f[2] SUBSEP f[3]] SUBSEP f[3]]), unit[k])
		} else if (f[5] == "zero") {
			verdict = (hi[k] == 0) ? "PASS (0)" : sprintf("FAIL (median %s, max %s)", fmt(med[k]), fmt(hi[k]))
		} else if (!n[rk]) verdict = "n/a (" f[6] " not measured)"
		else if (f[5] == "lower") {
			verdict = (med[k] < med[rk]) ? "PASS" : "FAIL"
			verdict = verdict sprintf(" (%s vs %s %s)", fmt(med[k]), fmt(med[rk]), unit[k])
		} else {
			if (rat[k] == "" || rat[rk] == "") verdict = "n/a (no ratio)"
			else {
				verdict = diff_verdict(k, rk, f[5] == "ratio_le" ? 0 : f[7], f[2] SUBSEP base[f[2] SUBSEP f[3]] SUBSEP f[3])
				if (verdict == "")	# fewer than 3 paired rounds
					verdict = "INCONCLUSIVE, too few rounds"
				verdict = verdict sprintf("; ratios %.3fx vs %s %.3fx", rat[k], f[6], rat[rk])
				# Interference only ever adds time: the fastest runs, compared, say more on a busy machine.
				if ((k in minr) && (rk in minr))
					verdict = verdict sprintf("; fastest runs: %.3fx vs %.3fx", minr[k], minr[rk])
			}
		}
		printf "bar: %-48s %s\n", f[1], verdict
		printf "%s\n    {\"bar\": %s, \"verdict\": %s}", firstb ? "" : ",", jstr(f[1]), jstr(verdict) > json
		firstb = 0
	}
}
