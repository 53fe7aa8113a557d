package demo

// Hand-written demo data for the Rems-Murr-Kreis. Addresses use real town
// names, postcodes and approximate coordinates; companies, people and
// e-mail addresses (example domains) are invented.

type town struct {
	name     string
	postcode string
	lat, lon float64
}

func towns() []town {
	return []town{
		{"Waiblingen", "71332", 48.8303, 9.3169},
		{"Fellbach", "70734", 48.8096, 9.2760},
		{"Backnang", "71522", 48.9474, 9.4305},
		{"Schorndorf", "73614", 48.8053, 9.5272},
		{"Winnenden", "71364", 48.8764, 9.3977},
		{"Murrhardt", "71540", 48.9795, 9.5784},
		{"Welzheim", "73642", 48.8745, 9.6346},
		{"Weinstadt", "71384", 48.8130, 9.3720},
		{"Remshalden", "73630", 48.8130, 9.4320},
		{"Schwaikheim", "71409", 48.8770, 9.3500},
		{"Leutenbach", "71397", 48.8880, 9.3920},
		{"Kernen im Remstal", "71394", 48.7980, 9.3300},
		{"Korb", "71404", 48.8420, 9.3610},
		{"Rudersberg", "73635", 48.8850, 9.5280},
		{"Urbach", "73660", 48.8140, 9.5780},
		{"Sulzbach an der Murr", "71560", 49.0040, 9.5000},
		{"Aspach", "71546", 48.9660, 9.3940},
		{"Plüderhausen", "73655", 48.7950, 9.6010},
	}
}

type vacancySpec struct {
	title    string
	part     bool
	hours    int    // per week, 0 = not stated
	minLevel string // "" = none
	licence  bool
	wanted   int // 0 = default 4
}

type employerSpec struct {
	name, sector, website string
	street, town          string
	siteName              string
	stepFree              bool
	contact, email, phone string
	vacancies             []vacancySpec
}

func employers() []employerSpec {
	return []employerSpec{
		{"Bäckerei Weller", "Bäckerei", "https://baeckerei-weller.example", "Bahnhofstraße 14", "Backnang", "Backstube und Laden", true,
			"Claudia Weller", "c.weller@baeckerei-weller.example", "07191 34 56 70",
			[]vacancySpec{{"Verkäufer/in Bäckerei", true, 25, "A2", false, 3}, {"Ausbildung Bäcker/in", false, 40, "B1", false, 2}}},
		{"Ambulanter Pflegedienst Remstal", "Pflegedienst", "https://pflege-remstal.example", "Schorndorfer Straße 38", "Weinstadt", "Pflegestützpunkt", true,
			"Thomas Rieger", "rieger@pflege-remstal.example", "07151 60 81 20",
			[]vacancySpec{{"Pflegehelfer/in", true, 30, "B1", true, 4}, {"Hauswirtschaftskraft", true, 20, "A2", false, 3}}},
		{"Spedition Kübler Logistik", "Logistik", "https://kuebler-logistik.example", "Max-Eyth-Straße 20", "Winnenden", "Lager Winnenden", true,
			"Sandra Kübler", "personal@kuebler-logistik.example", "07195 91 40 0",
			[]vacancySpec{{"Lagerhelfer/in", false, 40, "A2", false, 4}, {"Berufskraftfahrer/in C/CE", false, 40, "B1", true, 2}, {"Fachkraft für Lagerlogistik (Ausbildung)", false, 40, "B1", false, 2}}},
		{"Rems-Markt Lebensmittel", "Einzelhandel", "https://rems-markt.example", "Stuttgarter Straße 60", "Fellbach", "Markt Fellbach", true,
			"Jens Hofmann", "filiale.fellbach@rems-markt.example", "0711 57 88 21",
			[]vacancySpec{{"Verkäufer/in", true, 20, "B1", false, 4}, {"Mitarbeiter/in Warenverräumung", true, 15, "A2", false, 3}}},
		{"Elektro Bauer", "Handwerk – Elektro", "https://elektro-bauer.example", "Gewerbestraße 7", "Schorndorf", "Betrieb Schorndorf", false,
			"Markus Bauer", "info@elektro-bauer.example", "07181 22 33 4",
			[]vacancySpec{{"Ausbildung Elektroniker/in", false, 40, "B1", false, 2}, {"Helfer/in Elektroinstallation", false, 40, "A2", true, 2}}},
		{"Sanitär Häcker", "Handwerk – Sanitär", "https://haecker-shk.example", "Industriestraße 22", "Murrhardt", "Werkstatt", false,
			"Uwe Häcker", "buero@haecker-shk.example", "07192 93 12 0",
			[]vacancySpec{{"Anlagenmechaniker/in SHK", false, 40, "B1", true, 2}}},
		{"Malerbetrieb Schuster", "Handwerk – Maler", "https://maler-schuster.example", "Rudersberger Straße 5", "Welzheim", "Werkstatt Welzheim", false,
			"Heike Schuster", "schuster@maler-schuster.example", "07182 80 45 6",
			[]vacancySpec{{"Ausbildung Maler/in und Lackierer/in", false, 40, "A2", false, 2}, {"Helfer/in Malerarbeiten", false, 40, "A2", false, 2}}},
		{"Gasthaus Zum Lamm", "Gastronomie", "https://lamm-schorndorf.example", "Marktplatz 3", "Schorndorf", "Gasthaus", true,
			"Giovanni Russo", "kueche@lamm-schorndorf.example", "07181 41 09 9",
			[]vacancySpec{{"Küchenhilfe", true, 20, "A2", false, 3}, {"Servicekraft", true, 25, "B1", false, 2}}},
		{"Glanzwerk Gebäudereinigung", "Gebäudereinigung", "https://glanzwerk.example", "Benzstraße 11", "Waiblingen", "Niederlassung Waiblingen", true,
			"Aylin Demir", "bewerbung@glanzwerk.example", "07151 98 76 50",
			[]vacancySpec{{"Reinigungskraft", true, 15, "A2", false, 5}, {"Objektleiter/in", false, 40, "B2", true, 1}}},
		{"Kita Sonnenschein", "Kita", "https://kita-sonnenschein.example", "Kirchstraße 9", "Remshalden", "Kita Sonnenschein", true,
			"Birgit Lang", "leitung@kita-sonnenschein.example", "07151 70 12 34",
			[]vacancySpec{{"Pädagogische Hilfskraft", true, 25, "B2", false, 2}, {"Praxisintegrierte Ausbildung Erzieher/in", false, 39, "B2", false, 2}}},
		{"Autohaus Remstal", "Kfz-Handwerk", "https://autohaus-remstal.example", "Waiblinger Straße 80", "Kernen im Remstal", "Werkstatt", true,
			"Stefan Maurer", "werkstatt@autohaus-remstal.example", "07151 40 50 60",
			[]vacancySpec{{"Kfz-Mechatroniker/in", false, 40, "B1", true, 2}, {"Fahrzeugaufbereiter/in", false, 40, "A2", true, 2}}},
		{"Gärtnerei Wolf", "Garten- und Landschaftsbau", "https://gaertnerei-wolf.example", "Am Hofgarten 4", "Korb", "Gärtnerei", false,
			"Martin Wolf", "wolf@gaertnerei-wolf.example", "07151 33 21 0",
			[]vacancySpec{{"Helfer/in Garten- und Landschaftsbau", false, 40, "A2", true, 3}}},
		{"Seniorenzentrum Haus am Murrpark", "Pflege (stationär)", "https://haus-am-murrpark.example", "Talstraße 31", "Sulzbach an der Murr", "Seniorenzentrum", true,
			"Renate Fischer", "personal@haus-am-murrpark.example", "07193 52 00",
			[]vacancySpec{{"Pflegefachhelfer/in", false, 40, "B1", false, 3}, {"Alltagsbegleiter/in", true, 20, "B1", false, 2}}},
		{"Metzgerei Frank", "Lebensmittelhandwerk", "https://metzgerei-frank.example", "Hauptstraße 45", "Schwaikheim", "Laden und Produktion", true,
			"Karl Frank", "laden@metzgerei-frank.example", "07195 55 66 7",
			[]vacancySpec{{"Fachverkäufer/in Lebensmittelhandwerk", true, 30, "B1", false, 2}}},
		{"Remsdruck Medien", "Druck und Produktion", "https://remsdruck.example", "Siemensstraße 3", "Weinstadt", "Druckerei", true,
			"Oliver Brandt", "jobs@remsdruck.example", "07151 96 03 00",
			[]vacancySpec{{"Maschinenbediener/in", false, 40, "A2", false, 3}, {"Produktionshelfer/in", true, 30, "A2", false, 3}}},
	}
}

type person struct {
	first, last, lang string
}

// applicants lists job seekers of very different backgrounds, as a job
// centre's employer service sees them; the language is the one each
// prefers for mails, not a statement about origin.
func applicants() []person {
	return []person{
		{"Olena", "Kovalenko", "uk"}, {"Andrii", "Shevchenko", "uk"}, {"Iryna", "Bondarenko", "uk"},
		{"Oksana", "Tkachenko", "uk"}, {"Serhii", "Kravchenko", "uk"}, {"Nataliia", "Melnyk", "uk"},
		{"Dmytro", "Boiko", "uk"}, {"Yuliia", "Koval", "uk"}, {"Mykola", "Oliinyk", "uk"},
		{"Tetiana", "Lysenko", "uk"}, {"Viktoriia", "Marchenko", "uk"}, {"Oleksandr", "Rudenko", "uk"},
		{"Halyna", "Savchenko", "uk"}, {"Kateryna", "Polishchuk", "uk"}, {"Bohdan", "Moroz", "uk"},
		{"Ahmad", "Al-Hassan", "ar"}, {"Fatima", "Haddad", "ar"}, {"Mohammed", "Khalil", "ar"},
		{"Rania", "Darwish", "ar"}, {"Omar", "Nasser", "ar"}, {"Layla", "Saleh", "ar"},
		{"Yousef", "Hamdan", "ar"}, {"Amal", "Ibrahim", "ar"}, {"Khaled", "Mansour", "ar"},
		{"Nour", "Aziz", "ar"}, {"Samir", "Barakat", "ar"}, {"Huda", "Qasim", "ar"},
		{"Tariq", "Suleiman", "ar"}, {"Mariam", "Youssef", "ar"},
		{"Ayşe", "Yılmaz", "de"}, {"Mehmet", "Kaya", "de"}, {"Elif", "Demir", "de"},
		{"Emre", "Şahin", "de"}, {"Zeynep", "Çelik", "de"}, {"Mustafa", "Öztürk", "de"},
		{"Hatice", "Arslan", "de"},
		{"Lena", "Müller", "de"}, {"Jonas", "Schneider", "de"}, {"Sabrina", "Fischer", "de"},
		{"Dennis", "Weber", "de"}, {"Melanie", "Wagner", "de"}, {"Kevin", "Becker", "de"},
		{"Nicole", "Hoffmann", "de"}, {"Patrick", "Schäfer", "de"}, {"Jessica", "Koch", "de"},
		{"Marco", "Richter", "de"},
		{"Abdullahi", "Mohamed", "en"}, {"Grace", "Okafor", "en"}, {"Samuel", "Tesfaye", "en"},
		{"Helen", "Gebremedhin", "en"}, {"Farid", "Ahmadi", "en"}, {"Zahra", "Hosseini", "en"},
		{"Joseph", "Mensah", "en"}, {"Esther", "Adeyemi", "en"}, {"Ali", "Rahimi", "en"},
		{"Priya", "Sharma", "en"}, {"Daniel", "Haile", "en"},
		{"Anna", "Nowak", "de"}, {"Piotr", "Kowalski", "de"}, {"Ioana", "Popescu", "de"},
		{"Bogdan", "Ionescu", "de"}, {"Elena", "Georgieva", "de"}, {"Arben", "Krasniqi", "de"},
		{"Vesna", "Jovanović", "de"}, {"Luca", "Romano", "de"},
	}
}
