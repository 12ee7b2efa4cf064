# gen-records.awk - deterministic synthetic classified records for the
# aggregate tests and measurements (no dependency on ingest or synth).
#   awk -v n=ROWS [-v seed=S] [-v patients=P] -f gen-records.awk
# Writes a records(5) stream with the canonical and classify columns.
# Some rows are pre-aggregated (count > 1), some have an empty count,
# activities without patient carry sessions and attendees.
BEGIN {
	if (n == "") n = 1000
	if (seed == "") seed = 1
	if (patients == "") patients = 50000
	srand(seed)
	nr = split("PE-LIM PE-LMA PE-CUS PE-ARE PE-PIU PE-LAL PE-JUN PE-CAJ PE-AMA PE-LOR MX-CHP MX-CMX MX-NAY MX-SIN", reg, " ")
	nc = split("teleconsulta teleinterconsulta teleorientacion telemonitoreo teletriaje teleurgencia teleapoyo_diagnostico telecapacitacion telegestion unclassified", cat, " ")
	ni = split("MINSA ESSALUD IMSS ISSSTE SSA-ESTATAL", inst, " ")
	ns = split("TELECONSULTA 99499.01 99499.08 TELEMONITOREO Tele\\tEKG CONSULTA\\\\EXTERNA", svc, " ")
	nk = split("N C R", cond, " ")
	print "date\tyear\tmonth\tsource\tinstitution\tregion\tfacility\tservice\tspecialty\tsex\tage\tpatient\tcondition\tcount\tsessions\tattendees\tcategory\tsubcategory\twith_patient"
	for (i = 0; i < n; i++) {
		y = 2021 + int(rand() * 5)
		m = 1 + int(rand() * 12)
		d = 1 + int(rand() * 28)
		c = cat[1 + int(rand() * nc)]
		wp = (c == "telecapacitacion" || c == "telegestion") ? "no" : "yes"
		r = rand()
		cnt = r < 0.05 ? 1 + int(rand() * 500) : (r < 0.15 ? "" : 1)
		pat = wp == "yes" && rand() < 0.9 ? sprintf("p%08x", int(rand() * patients)) : ""
		ses = wp == "no" ? 1 + int(rand() * 3) : ""
		att = wp == "no" ? int(rand() * 40) : ""
		printf "%d-%02d-%02d\t%d\t%d\tsrc\t%s\t%s\t%05d\t%s\tMEDICINA\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\t%s\n",
		    y, m, d, y, m, inst[1 + int(rand() * ni)], reg[1 + int(rand() * nr)],
		    int(rand() * 3000), svc[1 + int(rand() * ns)], rand() < 0.5 ? "F" : "M",
		    int(rand() * 90), pat, cond[1 + int(rand() * nk)], cnt, ses, att, c, wp
	}
}
