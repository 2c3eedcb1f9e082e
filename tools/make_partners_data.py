"""Generate classifier/partners.json, the names `classifier.partners` finds in articles.

Run at development time (needs Babel and pycountry, which run time does not):

    python tools/make_partners_data.py

Country names in English and French come from CLDR (through Babel) and ISO 3166
(through pycountry); the demonyms, capitals, organisations, Vietnamese provinces
and foreign localities below are kept by hand, because no such list carries
them. The output is sorted and stable, so a change shows as a small diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "classifier" / "partners.json"

# ISO codes that are not countries a cooperation article means (CLDR pseudo-regions, outlying bits).
SKIP = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "UM", "AQ", "BV", "HM", "TF"}
# Names too ambiguous to find in running text (a first name, a common word, a US state).
AMBIGUOUS = {"Jordan", "Chad", "Georgia", "Maurice", "Guinea", "Congo", "Dominica", "Jersey", "Man", "Christmas"}

# English names an article uses beside CLDR's and ISO's (code: names).
ALIASES_EN = {
    "US": ["United States of America", "USA", "U.S.", "U.S.A.", "US", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "KR": ["Republic of Korea", "RoK", "ROK", "Korea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic", "Laos"],
    "CZ": ["Czech Republic", "Czechia"],
    "RU": ["Russian Federation"],
    "CN": ["People's Republic of China", "PRC", "mainland China"],
    "TL": ["East Timor", "Timor Leste", "Timor-Leste"],
    "MM": ["Burma"],
    "NL": ["Holland", "the Netherlands"],
    "AE": ["UAE", "Emirates"],
    "BY": ["Belarus"],
    "CI": ["Ivory Coast"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo"],
    "TR": ["Türkiye", "Turkey", "Republic of Turkey", "Republic of Türkiye"],
    "VA": ["Holy See", "Vatican"],
    "PS": ["Palestine"],
    "HK": ["Hong Kong"],
    "MO": ["Macao", "Macau"],
    "TW": ["Taiwan"],
    "BN": ["Brunei Darussalam"],
    "JO": ["Kingdom of Jordan", "Hashemite Kingdom of Jordan"],
    "TD": ["Republic of Chad"],
    "GE": ["Republic of Georgia"],
    "MU": ["Republic of Mauritius"],
    "GN": ["Republic of Guinea", "Guinea-Conakry"],
    "NE": ["Republic of Niger"],
    "VN": ["Viet Nam", "Việt Nam", "Socialist Republic of Vietnam", "Socialist Republic of Viet Nam", "SRV"],
}
ALIASES_FR = {
    "US": ["États-Unis d'Amérique", "Etats-Unis", "Amérique"],
    "GB": ["Grande-Bretagne", "Angleterre"],
    "KR": ["République de Corée", "Corée"],
    "KP": ["RPDC", "République populaire démocratique de Corée"],
    "LA": ["RDP Lao", "République démocratique populaire lao", "RDP du Laos"],
    "CZ": ["République tchèque"],
    "RU": ["Fédération de Russie"],
    "CN": ["République populaire de Chine", "RPC"],
    "MM": ["Birmanie"],
    "AE": ["EAU", "Émirats"],
    "BY": ["Bélarus", "Biélorussie"],
    "DE": ["RFA"],
    "CD": ["RDC", "République démocratique du Congo"],
    "TR": ["Türkiye"],
    "NL": ["Hollande"],
    "TL": ["Timor-Leste"],
    "JO": ["Royaume hachémite de Jordanie"],
    "HK": ["Hong Kong"],
    "MO": ["Macao"],
    "GN": ["République de Guinée", "Guinée-Conakry"],
    "CG": ["République du Congo"],
    "MU": ["Île Maurice", "République de Maurice"],
    "VN": ["Vietnam", "Viet Nam", "Viêt Nam", "Việt Nam", "République socialiste du Vietnam"],
}

# Demonyms and adjectives. French forms are given masculine singular; the
# feminine and plural forms are derived (`_french_forms`). English ones as written.
ADJ_FR = {
    "RU": "russe", "LA": "lao laotien", "KH": "cambodgien khmer", "JP": "japonais nippon", "CN": "chinois",
    "KR": "sud-coréen coréen", "KP": "nord-coréen", "FR": "français", "DE": "allemand", "US": "américain étasunien",
    "GB": "britannique", "TH": "thaïlandais thaï", "SG": "singapourien", "MY": "malaisien", "ID": "indonésien",
    "PH": "philippin", "MM": "birman myanmarais", "BN": "brunéien", "TL": "timorais", "IN": "indien",
    "AU": "australien", "NZ": "néo-zélandais", "CA": "canadien", "CU": "cubain", "BY": "biélorusse bélarusse",
    "KZ": "kazakh kazakhstanais", "UZ": "ouzbek", "AZ": "azerbaïdjanais", "MN": "mongol", "CZ": "tchèque",
    "SK": "slovaque", "HU": "hongrois", "PL": "polonais", "BG": "bulgare", "RO": "roumain", "UA": "ukrainien",
    "IT": "italien", "ES": "espagnol", "PT": "portugais", "BE": "belge", "NL": "néerlandais", "LU": "luxembourgeois",
    "CH": "suisse helvétique", "AT": "autrichien", "DK": "danois", "SE": "suédois", "NO": "norvégien", "FI": "finlandais",
    "IE": "irlandais", "GR": "grec", "TR": "turc", "IL": "israélien", "IR": "iranien", "IQ": "irakien",
    "SA": "saoudien", "AE": "émirien émirati", "QA": "qatari qatarien", "KW": "koweïtien", "EG": "égyptien",
    "DZ": "algérien", "MA": "marocain", "TN": "tunisien", "SN": "sénégalais", "MZ": "mozambicain", "AO": "angolais",
    "ZA": "sud-africain", "NG": "nigérian", "BR": "brésilien", "AR": "argentin", "CL": "chilien", "MX": "mexicain",
    "VE": "vénézuélien", "PE": "péruvien", "CO": "colombien", "NI": "nicaraguayen", "BD": "bangladais",
    "PK": "pakistanais", "LK": "sri-lankais", "NP": "népalais", "TW": "taïwanais", "RS": "serbe", "HR": "croate",
    "SI": "slovène", "EE": "estonien", "LV": "letton", "LT": "lituanien", "ET": "éthiopien", "KE": "kényan",
    "TZ": "tanzanien", "CI": "ivoirien", "CM": "camerounais", "ML": "malien", "BF": "burkinabè", "MG": "malgache",
    "LB": "libanais", "SY": "syrien", "PS": "palestinien", "JO": "jordanien", "OM": "omanais", "BH": "bahreïni",
    "KG": "kirghiz", "TJ": "tadjik", "TM": "turkmène", "AM": "arménien", "GE": "géorgien", "MD": "moldave",
    "VN": "vietnamien viêtnamien",
}
ADJ_EN = {
    "RU": "Russian Russians", "LA": "Lao Laotian Laotians", "KH": "Cambodian Cambodians Khmer", "JP": "Japanese",
    "CN": "Chinese", "KR": "South Korean South Koreans Korean Koreans", "KP": "North Korean", "FR": "French",
    "DE": "German Germans", "US": "American Americans", "GB": "British Briton Britons", "TH": "Thai Thais",
    "SG": "Singaporean Singaporeans", "MY": "Malaysian Malaysians", "ID": "Indonesian Indonesians",
    "PH": "Philippine Filipino Filipinos", "MM": "Myanmar Burmese", "BN": "Bruneian", "TL": "Timorese",
    "IN": "Indian Indians", "AU": "Australian Australians", "NZ": "New Zealander", "CA": "Canadian Canadians",
    "CU": "Cuban Cubans", "BY": "Belarusian Belarusians", "KZ": "Kazakh Kazakhstani", "UZ": "Uzbek",
    "AZ": "Azerbaijani", "MN": "Mongolian Mongolians", "CZ": "Czech", "SK": "Slovak", "HU": "Hungarian Hungarians",
    "PL": "Polish", "BG": "Bulgarian", "RO": "Romanian", "UA": "Ukrainian", "IT": "Italian Italians",
    "ES": "Spanish", "PT": "Portuguese", "BE": "Belgian Belgians", "NL": "Dutch", "LU": "Luxembourgish",
    "CH": "Swiss", "AT": "Austrian", "DK": "Danish", "SE": "Swedish", "NO": "Norwegian", "FI": "Finnish",
    "IE": "Irish", "GR": "Greek", "TR": "Turkish", "IL": "Israeli Israelis", "IR": "Iranian", "IQ": "Iraqi",
    "SA": "Saudi", "AE": "Emirati", "QA": "Qatari", "KW": "Kuwaiti", "EG": "Egyptian", "DZ": "Algerian",
    "MA": "Moroccan", "TN": "Tunisian", "SN": "Senegalese", "MZ": "Mozambican", "AO": "Angolan",
    "ZA": "South African", "NG": "Nigerian", "BR": "Brazilian", "AR": "Argentine Argentinian", "CL": "Chilean",
    "MX": "Mexican", "VE": "Venezuelan", "PE": "Peruvian", "CO": "Colombian", "NI": "Nicaraguan",
    "BD": "Bangladeshi", "PK": "Pakistani", "LK": "Sri Lankan", "NP": "Nepalese", "TW": "Taiwanese",
    "RS": "Serbian", "HR": "Croatian", "SI": "Slovenian", "EE": "Estonian", "LV": "Latvian", "LT": "Lithuanian",
    "ET": "Ethiopian", "KE": "Kenyan", "TZ": "Tanzanian", "CI": "Ivorian", "CM": "Cameroonian", "ML": "Malian",
    "LB": "Lebanese", "SY": "Syrian", "PS": "Palestinian", "JO": "Jordanian", "OM": "Omani", "AM": "Armenian",
    "GE": "Georgian", "MD": "Moldovan", "KG": "Kyrgyz", "TJ": "Tajik", "TM": "Turkmen",
    "VN": "Vietnamese",
}
# Prefixes of compound adjectives ("franco-vietnamien", "Sino-Vietnamese"), found only before a hyphen.
PREFIXES = {
    "FR": "franco", "RU": "russo", "CN": "sino", "JP": "nippo japano", "DE": "germano", "GB": "anglo britanno",
    "IT": "italo", "ES": "hispano", "PT": "luso", "BE": "belgo", "CH": "helvéto", "US": "américano", "CA": "canado",
    "AT": "austro", "HU": "hungaro hongro", "PL": "polono", "CZ": "tchéco", "AU": "australo", "KR": "coréano",
    "LA": "lao", "KH": "khméro cambodgiano", "TH": "thaïlando", "IN": "indo", "VN": "vietnamo viêtnamo viet việt",
    "SU": "soviéto soviéto", "CU": "cubano", "MN": "mongolo",
}

# Historical states an article may name as a partner of the time.
HISTORICAL = {"SU": ("Soviet Union", "Union soviétique", ["USSR", "URSS", "Soviet Union", "Union soviétique", "ex-URSS"], "soviétique", "Soviet")}

# International organisations: stable id, English and French names, then every name or acronym found in text.
ORGS = {
    "EU": ("European Union", "Union européenne", ["European Union", "Union européenne", "EU", "UE", "E.U.", "European Commission",
           "Commission européenne", "European Parliament", "Parlement européen", "EVFTA", "EVIPA", "EU-Vietnam Free Trade Agreement",
           "European Council", "Conseil européen", "EuroCham"]),
    "ASEAN": ("ASEAN", "ASEAN", ["ASEAN", "Asean", "ANASE", "Association of Southeast Asian Nations",
              "Association des nations de l'Asie du Sud-Est", "Association des Nations d'Asie du Sud-Est"]),
    "UN": ("United Nations", "Nations unies", ["United Nations", "Nations unies", "Nations Unies", "UN", "U.N.", "ONU",
           "Organisation des Nations unies", "UN Security Council", "Conseil de sécurité de l'ONU", "Conseil de sécurité des Nations unies"]),
    "UNDP": ("UNDP", "PNUD", ["UNDP", "PNUD", "United Nations Development Programme", "Programme des Nations unies pour le développement"]),
    "UNICEF": ("UNICEF", "UNICEF", ["UNICEF", "Unicef"]),
    "UNESCO": ("UNESCO", "UNESCO", ["UNESCO", "Unesco"]),
    "UNFPA": ("UNFPA", "FNUAP", ["UNFPA", "FNUAP"]),
    "UNHCR": ("UNHCR", "HCR", ["UNHCR"]),
    "UNIDO": ("UNIDO", "ONUDI", ["UNIDO", "ONUDI"]),
    "UNWOMEN": ("UN Women", "ONU Femmes", ["UN Women", "ONU Femmes"]),
    "UNEP": ("UNEP", "PNUE", ["UNEP", "PNUE", "United Nations Environment Programme"]),
    "UNODC": ("UNODC", "ONUDC", ["UNODC", "ONUDC", "United Nations Office on Drugs and Crime", "Office des Nations unies contre la drogue et le crime"]),
    "UNAIDS": ("UNAIDS", "ONUSIDA", ["UNAIDS", "ONUSIDA"]),
    "UNHABITAT": ("UN-Habitat", "ONU-Habitat", ["UN-Habitat", "ONU-Habitat"]),
    "UNCTAD": ("UNCTAD", "CNUCED", ["UNCTAD", "CNUCED"]),
    "UNOPS": ("UNOPS", "UNOPS", ["UNOPS"]),
    "ESCAP": ("ESCAP", "CESAP", ["ESCAP", "UNESCAP", "CESAP"]),
    "ITU": ("ITU", "UIT", ["ITU", "UIT", "International Telecommunication Union", "Union internationale des télécommunications"]),
    "ICAO": ("ICAO", "OACI", ["ICAO", "OACI"]),
    "IMO": ("IMO", "OMI", ["International Maritime Organization", "Organisation maritime internationale"]),
    "WIPO": ("WIPO", "OMPI", ["WIPO", "OMPI"]),
    "WMO": ("WMO", "OMM", ["WMO", "World Meteorological Organization", "Organisation météorologique mondiale"]),
    "UNFCCC": ("UNFCCC", "CCNUCC", ["UNFCCC", "CCNUCC"]),
    "INTERPOL": ("Interpol", "Interpol", ["Interpol", "INTERPOL"]),
    "ASEANAPOL": ("ASEANAPOL", "ASEANAPOL", ["ASEANAPOL", "Aseanapol"]),
    "IPG": ("International Partners Group", "Groupe des partenaires internationaux", ["International Partners Group", "IPG",
            "Groupe des partenaires internationaux", "groupe des partenaires internationaux"]),
    "WFP": ("World Food Programme", "Programme alimentaire mondial", ["WFP", "PAM", "World Food Programme", "Programme alimentaire mondial"]),
    "WHO": ("WHO", "OMS", ["WHO", "OMS", "World Health Organization", "World Health Organisation", "Organisation mondiale de la santé", "Organisation mondiale de la Santé"]),
    "FAO": ("FAO", "FAO", ["FAO", "Food and Agriculture Organization", "Organisation des Nations unies pour l'alimentation et l'agriculture"]),
    "ILO": ("ILO", "OIT", ["ILO", "OIT", "International Labour Organization", "International Labour Organisation", "Organisation internationale du travail", "Organisation internationale du Travail"]),
    "IOM": ("IOM", "OIM", ["IOM", "OIM", "International Organization for Migration", "Organisation internationale pour les migrations"]),
    "IAEA": ("IAEA", "AIEA", ["IAEA", "AIEA", "International Atomic Energy Agency", "Agence internationale de l'énergie atomique"]),
    "IFAD": ("IFAD", "FIDA", ["IFAD", "FIDA"]),
    "WTO": ("WTO", "OMC", ["WTO", "OMC", "World Trade Organization", "Organisation mondiale du commerce", "Organisation mondiale du Commerce"]),
    "WB": ("World Bank", "Banque mondiale", ["World Bank", "Banque mondiale", "WB", "IFC", "SFI", "Groupe de la Banque mondiale", "World Bank Group"]),
    "IMF": ("IMF", "FMI", ["IMF", "FMI", "International Monetary Fund", "Fonds monétaire international"]),
    "ADB": ("Asian Development Bank", "Banque asiatique de développement", ["ADB", "BAD", "BAsD", "Asian Development Bank", "Banque asiatique de développement"]),
    "AIIB": ("AIIB", "BAII", ["AIIB", "BAII", "Asian Infrastructure Investment Bank", "Banque asiatique d'investissement dans les infrastructures"]),
    "EIB": ("European Investment Bank", "Banque européenne d'investissement", ["EIB", "BEI", "European Investment Bank", "Banque européenne d'investissement"]),
    "APEC": ("APEC", "APEC", ["APEC", "Asia-Pacific Economic Cooperation", "Coopération économique Asie-Pacifique"]),
    "OIF": ("Francophonie", "Francophonie", ["Francophonie", "OIF", "Organisation internationale de la Francophonie", "AUF", "Agence universitaire de la Francophonie", "International Organisation of La Francophonie"]),
    "MRC": ("Mekong River Commission", "Commission du Mékong", ["Mekong River Commission", "MRC", "Commission du Mékong", "Commission du fleuve Mékong"]),
    "MLC": ("Mekong-Lancang Cooperation", "Coopération Mékong-Lancang", ["Mekong-Lancang", "Mékong-Lancang", "Lancang-Mekong", "Lancang-Mékong", "MLC"]),
    "EAEU": ("Eurasian Economic Union", "Union économique eurasiatique", ["Eurasian Economic Union", "EAEU", "EAEU", "Union économique eurasiatique", "Union économique eurasienne", "UEE", "UEEA", "EEU"]),
    "OECD": ("OECD", "OCDE", ["OECD", "OCDE"]),
    "G7": ("G7", "G7", ["G7"]),
    "G20": ("G20", "G20", ["G20"]),
    "BRICS": ("BRICS", "BRICS", ["BRICS"]),
    "AIPA": ("ASEAN Inter-Parliamentary Assembly", "Assemblée interparlementaire de l'ASEAN", ["AIPA"]),
    "IPU": ("Inter-Parliamentary Union", "Union interparlementaire", ["IPU", "UIP", "Inter-Parliamentary Union", "Union interparlementaire"]),
    "GMS": ("Greater Mekong Subregion", "Sous-région du Grand Mékong", ["GMS", "Greater Mekong Subregion", "Sous-région du Grand Mékong"]),
    "MERCOSUR": ("Mercosur", "Mercosur", ["Mercosur", "MERCOSUR", "Mercosul", "Southern Common Market", "Marché commun du Sud"]),
    "AFRICAN-UNION": ("African Union", "Union africaine", ["African Union", "Union africaine"]),
    "GCF": ("Green Climate Fund", "Fonds vert pour le climat", ["Green Climate Fund", "Fonds vert pour le climat"]),
    "COVAX": ("COVAX", "COVAX", ["COVAX"]),
    "ICRC": ("ICRC", "CICR", ["ICRC", "CICR"]),
    "IPCC": ("IPCC", "GIEC", ["IPCC", "GIEC"]),
}
# National agencies and programmes: a mention is a mention of their country.
AGENCIES = {
    "JP": ["JICA", "JETRO", "JBIC", "Japan International Cooperation Agency", "Agence japonaise de coopération internationale"],
    "KR": ["KOICA", "KOTRA", "Korea International Cooperation Agency"],
    "FR": ["AFD", "Agence française de développement", "Business France", "Campus France", "Institut français", "Institut Pasteur"],
    "US": ["USAID", "Fulbright", "Pentagon", "Peace Corps"],
    "DE": ["GIZ", "KfW", "DAAD", "Goethe-Institut", "Bundestag"],
    "GB": ["British Council", "Chevening", "FCDO"],
    "AU": ["ACIAR", "DFAT", "AusAID"],
    "RU": ["Rosatom", "Kremlin", "Douma", "Duma"],
    "KH": ["APSARA"],
}

# Capitals and foreign localities named as parties (country: names). "#" separates the English and French forms of one place.
FOREIGN_PLACES = {
    "RU": ["Moscow#Moscou", "Saint Petersburg#Saint-Pétersbourg", "St Petersburg", "Kaluga#Kalouga", "Vladivostok", "Ulyanovsk#Oulianovsk",
           "Novosibirsk#Novossibirsk", "Kazan", "Yekaterinburg#Iekaterinbourg", "Tatarstan", "Bashkortostan#Bachkortostan", "Irkutsk#Irkoutsk",
           "Khabarovsk", "Primorye", "Sakhalin#Sakhaline", "Siberia#Sibérie", "Nizhny Novgorod#Nijni Novgorod", "Sochi#Sotchi", "Yaroslavl#Iaroslavl",
           "Tula#Toula", "Leningrad"],
    "LA": ["Vientiane", "Luang Prabang", "Champasak#Champassak", "Savannakhet", "Houaphanh#Houaphan", "Xieng Khouang", "Attapeu", "Sekong",
           "Salavan#Saravane", "Bolikhamxay#Bolikhamsai", "Khammouane", "Oudomxay", "Phongsaly", "Luang Namtha", "Bokeo", "Xayaboury#Sayaboury",
           "Pakse", "Xekong", "Xaysomboun"],
    "KH": ["Phnom Penh", "Siem Reap", "Battambang", "Kampot", "Svay Rieng", "Mondulkiri", "Ratanakiri", "Takeo", "Kandal", "Kratie",
           "Stung Treng", "Kampong Cham", "Preah Vihear", "Kep", "Sihanoukville", "Prey Veng", "Angkor"],
    "JP": ["Tokyo", "Osaka", "Yokohama", "Fukuoka", "Kanagawa", "Kitakyushu", "Kyoto", "Nagoya", "Hiroshima", "Nagasaki", "Sapporo",
           "Hokkaido", "Okinawa", "Kobe", "Hyogo", "Chiba", "Saitama", "Gunma", "Nara", "Toyama", "Okayama", "Shizuoka", "Aichi", "Kumamoto",
           "Wakayama", "Ibaraki", "Tottori"],
    "CN": ["Beijing#Pékin", "Shanghai", "Guangzhou#Canton", "Kunming", "Nanning", "Guangxi", "Yunnan", "Guangdong", "Hekou", "Shenzhen",
           "Chongqing", "Hainan", "Pingxiang", "Dongxing", "Fujian", "Zhejiang"],
    "KR": ["Seoul#Séoul", "Busan", "Gyeonggi", "Incheon", "Daegu", "Gwangju", "Ulsan", "Daejeon", "Gyeongsang", "North Gyeongsang",
           "Gyeongsangbuk", "Jeju", "Gangwon", "Changwon"],
    "KP": ["Pyongyang"],
    "TW": ["Taipei#Taïpei", "Kaohsiung"],
    "TH": ["Bangkok", "Chiang Mai", "Nakhon Phanom", "Udon Thani", "Khon Kaen", "Ubon Ratchathani", "Mukdahan", "Phuket", "Sakon Nakhon", "Pattaya"],
    "SG": [],
    "MY": ["Kuala Lumpur", "Putrajaya", "Penang", "Sabah", "Sarawak", "Johor"],
    "ID": ["Jakarta", "Bali", "Makassar", "Surabaya", "Java", "Sumatra"],
    "PH": ["Manila#Manille", "Cebu", "Davao"],
    "MM": ["Naypyidaw#Naypyitaw", "Nay Pyi Taw", "Yangon#Rangoun", "Mandalay"],
    "BN": ["Bandar Seri Begawan"],
    "TL": ["Dili"],
    "IN": ["New Delhi#New Delhi", "Delhi", "Mumbai#Bombay", "Bangalore#Bangalore", "Bengaluru", "Kolkata#Calcutta", "Chennai", "Hyderabad",
           "Gujarat", "Chandimandir", "Bodh Gaya#Bodhgaya"],
    "AU": ["Canberra", "Sydney", "Melbourne", "Perth", "Brisbane", "Adelaide", "Western Australia#Australie-Occidentale",
           "Queensland", "New South Wales#Nouvelle-Galles du Sud", "South Australia#Australie-Méridionale"],
    "NZ": ["Wellington", "Auckland"],
    "FR": ["Paris", "Toulouse", "Lyon", "Marseille", "Bordeaux", "Nantes", "Rennes", "Lille", "Strasbourg", "Montpellier", "Brest",
           "Blois", "Grenoble", "Rouen", "Le Havre", "Seine-Saint-Denis", "Val-de-Marne", "Hauts-de-Seine", "Essonne", "Haute-Garonne",
           "Île-de-France", "Ile-de-France", "Occitanie", "Nouvelle-Aquitaine", "Aquitaine", "Bretagne#Bretagne", "Brittany",
           "Normandie", "Normandy", "Provence", "Provence-Alpes-Côte d'Azur", "Auvergne-Rhône-Alpes", "Rhône-Alpes", "Hauts-de-France",
           "Nord-Pas-de-Calais", "Grand Est", "Alsace", "Savoie", "Haute-Savoie", "Pays de la Loire", "Centre-Val de Loire",
           "Bourgogne-Franche-Comté", "Villers-Cotterêts", "Matignon", "Élysée", "Elysée", "Quai d'Orsay", "Montreuil", 
           "Toulouse Métropole", "Lot-et-Garonne", "Gironde", "Loire-Atlantique", "Hérault", "Isère", "Bouches-du-Rhône",
           "Nouvelle-Calédonie#Nouvelle-Calédonie", "New Caledonia", "Guyane"],
    "DE": ["Berlin", "Munich#Munich", "München", "Frankfurt#Francfort", "Hamburg#Hambourg", "Cologne", "Dresden#Dresde", "Leipzig",
           "Bavaria#Bavière", "Hesse", "Saxony#Saxe", "Baden-Württemberg#Bade-Wurtemberg", "North Rhine-Westphalia#Rhénanie-du-Nord-Westphalie",
           "Brandenburg#Brandebourg", "Thuringia#Thuringe", "Wiesbaden", "Düsseldorf", "Stuttgart", "Bonn", "Potsdam", "Bremen#Brême"],
    "GB": ["London#Londres", "Glasgow", "Edinburgh#Édimbourg", "Manchester", "Birmingham", "Scotland#Écosse", "Wales", "Pays de Galles",
           "Oxford", "Cambridge", "Liverpool", "Belfast"],
    "US": ["Washington", "Washington D.C.", "Washington DC", "New York", "San Francisco", "Los Angeles", "California#Californie",
           "Silicon Valley", "Hawaii#Hawaï", "Texas", "Chicago", "Boston", "Seattle", "Massachusetts", "Oregon", "Houston", "Honolulu",
           "White House#Maison Blanche", "Maison-Blanche", "Capitol Hill", "Guam"],
    "CA": ["Ottawa", "Montreal#Montréal", "Québec", "Quebec", "Toronto", "Vancouver", "Ontario", "British Columbia#Colombie-Britannique", "Alberta"],
    "CU": ["Havana#La Havane", "Pinar del Río", "Pinar del Rio", "Artemisa", "Mariel", "Santiago de Cuba", "Granma", "Matanzas", "Camagüey",
           "Cienfuegos", "Holguín", "Holguin", "Villa Clara"],
    "BY": ["Minsk", "Gomel", "Grodno", "Brest-Litovsk", "Vitebsk", "Mogilev"],
    "KZ": ["Astana", "Almaty", "Nur-Sultan"],
    "UZ": ["Tashkent#Tachkent", "Samarkand#Samarcande"],
    "AZ": ["Baku#Bakou"],
    "MN": ["Ulaanbaatar#Oulan-Bator", "Ulan Bator"],
    "HU": ["Budapest"],
    "CZ": ["Prague", "Brno", "Ostrava"],
    "SK": ["Bratislava"],
    "PL": ["Warsaw#Varsovie", "Krakow#Cracovie", "Gdansk#Gdańsk"],
    "BG": ["Sofia"],
    "RO": ["Bucharest#Bucarest"],
    "UA": ["Kyiv#Kiev", "Kiev", "Odessa"],
    "IT": ["Rome", "Milan", "Turin", "Florence", "Venice#Venise", "Naples", "Bologna#Bologne", "Lombardy#Lombardie", "Sicily#Sicile", "Tuscany#Toscane"],
    "ES": ["Madrid", "Barcelona#Barcelone", "Seville#Séville", "Valencia#Valence", "Catalonia#Catalogne", "Andalusia#Andalousie"],
    "PT": ["Lisbon#Lisbonne", "Porto"],
    "BE": ["Brussels#Bruxelles", "Liège", "Antwerp#Anvers", "Wallonia#Wallonie", "Flanders#Flandre", "Wallonie-Bruxelles",
           "Ghent#Gand", "Namur", "Charleroi", "Mons"],
    "NL": ["Amsterdam", "The Hague#La Haye", "Rotterdam", "Utrecht", "Eindhoven"],
    "LU": [],
    "CH": ["Bern#Berne", "Geneva#Genève", "Zurich", "Lausanne", "Basel#Bâle", "Davos"],
    "AT": ["Vienna#Vienne"],
    "DK": ["Copenhagen#Copenhague", "Aarhus"],
    "SE": ["Stockholm", "Gothenburg#Göteborg"],
    "NO": ["Oslo", "Bergen"],
    "FI": ["Helsinki"],
    "IE": ["Dublin"],
    "GR": ["Athens#Athènes"],
    "TR": ["Ankara", "Istanbul"],
    "IL": ["Tel Aviv", "Jerusalem#Jérusalem"],
    "IR": ["Tehran#Téhéran"],
    "SA": ["Riyadh#Riyad"],
    "AE": ["Abu Dhabi#Abou Dhabi", "Dubai#Dubaï"],
    "QA": ["Doha"],
    "KW": ["Kuwait City#Koweït City"],
    "EG": ["Cairo#Le Caire"],
    "DZ": ["Algiers#Alger", "Oran"],
    "MA": ["Rabat", "Casablanca", "Marrakech"],
    "TN": ["Tunis"],
    "SN": ["Dakar"],
    "MZ": ["Maputo"],
    "AO": ["Luanda"],
    "ZA": ["Pretoria", "Johannesburg", "Cape Town#Le Cap"],
    "NG": ["Abuja", "Lagos"],
    "ET": ["Addis Ababa#Addis-Abeba"],
    "KE": ["Nairobi"],
    "TZ": ["Dodoma", "Dar es Salaam"],
    "BR": ["Brasilia#Brasília", "São Paulo#Sao Paulo", "Rio de Janeiro"],
    "AR": ["Buenos Aires"],
    "CL": ["Santiago du Chili"],
    "MX": ["Mexico City"],
    "VE": ["Caracas"],
    "PE": ["Lima"],
    "CO": ["Bogota#Bogotá"],
    "NI": ["Managua"],
    "BD": ["Dhaka"],
    "PK": ["Islamabad"],
    "LK": ["Colombo"],
    "NP": ["Kathmandu#Katmandou"],
    "SD": ["Khartoum", "Abyei"],
    "SS": ["Juba"],
}

# Vietnam's 34 provinces and centrally run cities since the merger of 1 July 2025, then the 63 of before.
# Each: id, names (the first is the display name).
VN_34 = {
    "hanoi": ["Hanoi", "Hà Nội", "Ha Noi", "Hanoï"],
    "hue": ["Hue", "Huế", "Hué", "Huê"],
    "haiphong": ["Hai Phong", "Hải Phòng", "Haiphong"],
    "danang": ["Da Nang", "Đà Nẵng", "Danang"],
    "hochiminh": ["Ho Chi Minh City", "Hô Chi Minh-Ville", "Ho Chi Minh-Ville", "Hồ Chí Minh City", "HCM City", "HCMC", "TP.HCM", "TPHCM",
                  "HCM-Ville", "Saigon", "Saïgon", "Sài Gòn", "Thành phố Hồ Chí Minh", "Hochiminh City"],
    "cantho": ["Can Tho", "Cần Thơ", "Cantho"],
    "laichau": ["Lai Chau", "Lai Châu"],
    "dienbien": ["Dien Bien", "Điện Biên"],
    "sonla": ["Son La", "Sơn La"],
    "langson": ["Lang Son", "Lạng Sơn"],
    "quangninh": ["Quang Ninh", "Quảng Ninh"],
    "thanhhoa": ["Thanh Hoa", "Thanh Hóa", "Thanh Hoá"],
    "nghean": ["Nghe An", "Nghệ An"],
    "hatinh": ["Ha Tinh", "Hà Tĩnh"],
    "caobang": ["Cao Bang", "Cao Bằng"],
    "tuyenquang": ["Tuyen Quang", "Tuyên Quang"],
    "laocai": ["Lao Cai", "Lào Cai"],
    "thainguyen": ["Thai Nguyen", "Thái Nguyên"],
    "phutho": ["Phu Tho", "Phú Thọ"],
    "bacninh": ["Bac Ninh", "Bắc Ninh"],
    "hungyen": ["Hung Yen", "Hưng Yên"],
    "ninhbinh": ["Ninh Binh", "Ninh Bình"],
    "quangtri": ["Quang Tri", "Quảng Trị"],
    "quangngai": ["Quang Ngai", "Quảng Ngãi"],
    "gialai": ["Gia Lai"],
    "khanhhoa": ["Khanh Hoa", "Khánh Hòa", "Khánh Hoà"],
    "lamdong": ["Lam Dong", "Lâm Đồng"],
    "daklak": ["Dak Lak", "Đắk Lắk", "Daklak", "Dac Lac", "Đắc Lắc"],
    "dongnai": ["Dong Nai", "Đồng Nai"],
    "tayninh": ["Tay Ninh", "Tây Ninh"],
    "vinhlong": ["Vinh Long", "Vĩnh Long"],
    "dongthap": ["Dong Thap", "Đồng Tháp"],
    "camau": ["Ca Mau", "Cà Mau"],
    "angiang": ["An Giang"],
}
# The 63 before 1 July 2025 that the merger folded into another (former: [names], merged into).
VN_FORMER = {
    "bariavungtau": (["Ba Ria-Vung Tau", "Bà Rịa-Vũng Tàu", "Ba Ria - Vung Tau", "Bà Rịa - Vũng Tàu"], "hochiminh"),
    "binhduong": (["Binh Duong", "Bình Dương"], "hochiminh"),
    "bacgiang": (["Bac Giang", "Bắc Giang"], "bacninh"),
    "hagiang": (["Ha Giang", "Hà Giang"], "tuyenquang"),
    "yenbai": (["Yen Bai", "Yên Bái"], "laocai"),
    "backan": (["Bac Kan", "Bắc Kạn", "Bac Can"], "thainguyen"),
    "vinhphuc": (["Vinh Phuc", "Vĩnh Phúc"], "phutho"),
    "hoabinh": (["Hoa Binh", "Hòa Bình", "Hoà Bình"], "phutho"),
    "haiduong": (["Hai Duong", "Hải Dương"], "haiphong"),
    "thaibinh": (["Thai Binh", "Thái Bình"], "hungyen"),
    "hanam": (["Ha Nam", "Hà Nam"], "ninhbinh"),
    "namdinh": (["Nam Dinh", "Nam Định"], "ninhbinh"),
    "quangbinh": (["Quang Binh", "Quảng Bình"], "quangtri"),
    "thuathienhue": (["Thua Thien-Hue", "Thừa Thiên Huế", "Thua Thien Hue", "Thừa Thiên-Huế", "Thua Thien-Huê", "Thua Thien-Hué"], "hue"),
    "quangnam": (["Quang Nam", "Quảng Nam"], "danang"),
    "kontum": (["Kon Tum", "Kontum"], "quangngai"),
    "binhdinh": (["Binh Dinh", "Bình Định"], "gialai"),
    "phuyen": (["Phu Yen", "Phú Yên"], "daklak"),
    "ninhthuan": (["Ninh Thuan", "Ninh Thuận"], "khanhhoa"),
    "daknong": (["Dak Nong", "Đắk Nông", "Daknong"], "lamdong"),
    "binhthuan": (["Binh Thuan", "Bình Thuận"], "lamdong"),
    "binhphuoc": (["Binh Phuoc", "Bình Phước"], "dongnai"),
    "longan": (["Long An"], "tayninh"),
    "tiengiang": (["Tien Giang", "Tiền Giang"], "dongthap"),
    "bentre": (["Ben Tre", "Bến Tre"], "vinhlong"),
    "travinh": (["Tra Vinh", "Trà Vinh"], "vinhlong"),
    "soctrang": (["Soc Trang", "Sóc Trăng"], "cantho"),
    "haugiang": (["Hau Giang", "Hậu Giang"], "cantho"),
    "baclieu": (["Bac Lieu", "Bạc Liêu"], "camau"),
    "kiengiang": (["Kien Giang", "Kiên Giang"], "angiang"),
}
# Cities and sites often named as the Vietnamese party (id, names, province).
VN_CITIES = {
    "nhatrang": (["Nha Trang"], "khanhhoa"), "hoian": (["Hoi An", "Hội An"], "danang"), "halong": (["Ha Long", "Hạ Long", "Halong"], "quangninh"),
    "vungtau": (["Vung Tau", "Vũng Tàu"], "hochiminh"), "dalat": (["Da Lat", "Đà Lạt", "Dalat"], "lamdong"),
    "phuquoc": (["Phu Quoc", "Phú Quốc"], "angiang"), "sapa": (["Sa Pa", "Sapa"], "laocai"),
    "buonmathuot": (["Buon Ma Thuot", "Buôn Ma Thuột"], "daklak"), "quynhon": (["Quy Nhon", "Quy Nhơn"], "gialai"),
    "bienhoa": (["Bien Hoa", "Biên Hòa"], "dongnai"), "camranh": (["Cam Ranh"], "khanhhoa"), "mongcai": (["Mong Cai", "Móng Cái"], "quangninh"),
    "haiphongport": (["Lach Huyen", "Lạch Huyện"], "haiphong"), "vanphong": (["Van Phong", "Vân Phong"], "khanhhoa"),
}

# Phrases that contain a name yet name no partner: they are matched first and dropped.
BLOCKERS = [
    "South China Sea", "Mer de Chine méridionale", "mer de Chine méridionale", "Mer de l'Est", "East Sea", "Mer Orientale",
    "Indo-Pacific", "Indo-Pacifique", "indo-pacifique", "Indian Ocean", "océan Indien", "Océan Indien",
    "latino-américain", "Latin America", "Latin American", "Amérique latine", "Amérique du Sud", "Amérique du Nord", "Amérique centrale",
    "South America", "North America", "Central America", "nord-américain", "sud-américain",
    "Asie du Sud-Est", "Southeast Asia", "Asie-Pacifique", "Asia-Pacific", "French fries", "French Quarter", "Quartier français",
    "Indochine française", "French Indochina", "guerre américaine", "American War", "Guerre du Vietnam", "Vietnam War",
    "New Year", "Nouvel An chinois", "Chinese New Year", "Lunar New Year", "Nouvel An lunaire",
    "Ho Chi Minh", "Hô Chi Minh", "Hồ Chí Minh", "Président Hô Chi Minh", "President Ho Chi Minh", "Hô Chi Minh Trail", "piste Hô Chi Minh",
    "Mausolée du Président Hô Chi Minh", "Mekong Delta", "delta du Mékong", "Delta du Mékong",
    "Vietnam Airlines", "Vietnam News Agency", "Vietnam Plus", "Vietnam Television",
    "Lao Bao", "Lao Dong", "Pays-Bas",
    "Asian Games", "Jeux asiatiques", "SEA Games",
    # A law, an accord or a listing named after a place or an organisation: no party to the cooperation.
    "Convention des Nations unies sur le droit de la mer", "United Nations Convention on the Law of the Sea",
    "UN Convention on the Law of the Sea", "UNCLOS", "CNUDM", "Accord de Paris", "accord de Paris", "Paris Agreement",
    "Paris Climate Agreement", "Accords de Paris", "accords de Paris", "Paris Peace Accords",
    "Charte des Nations unies", "UN Charter", "Charter of the United Nations",
    "Institut Pasteur de Hô Chi Minh-Ville", "Institut Pasteur de Nha Trang", "Pasteur Institute",
]
# Organisations written into another name: the name is the party, not the organisation.
NAMED_AFTER = {
    "UNESCO": ["Comité du patrimoine mondial", "World Heritage Committee", "Centre du patrimoine mondial", "World Heritage Centre"],
    "US": ["US-ASEAN Business Council", "Conseil d'affaires États-Unis-ASEAN", "Conseil d'affaires États-Unis–ASEAN",
           "US-ASEAN Business Council", "Conseil d'affaires Etats-Unis-ASEAN"],
}

# Languages: "en espagnol", "dubbed into Spanish" name a language, not a country.
LANGUAGES_FR = ["français", "anglais", "espagnol", "allemand", "russe", "chinois", "japonais", "coréen", "vietnamien", "portugais",
                "italien", "arabe", "lao", "khmer", "thaï", "néerlandais", "polonais", "tchèque", "hongrois", "mongol"]
LANGUAGES_EN = ["French", "English", "Spanish", "German", "Russian", "Chinese", "Japanese", "Korean", "Vietnamese", "Portuguese",
                "Italian", "Arabic", "Lao", "Khmer", "Thai", "Dutch", "Polish", "Czech", "Hungarian", "Mongolian"]


def _language_phrases() -> list[str]:
    out = []
    for lang in LANGUAGES_FR:
        out += [f"en {lang}", f"langue {lang}", f"langues {lang}", f"le {lang} langue"]
        if lang.endswith(("ais", "ois")):
            out += [f"langue {lang}e"]
        elif lang.endswith("ien") or lang.endswith("éen"):
            out += [f"langue {lang}ne"]
        elif lang == "espagnol" or lang.endswith(("and", "ol", "in")):
            out += [f"langue {lang}e"]
    for lang in LANGUAGES_EN:
        out += [f"in {lang}", f"into {lang}", f"{lang} language", f"{lang}-language", f"{lang}-speaking", f"{lang} lessons",
                f"{lang} teachers", f"{lang} speakers"]
    return out

# Names written as the French say them without capitals ("la partie lao") or with any case.
FRENCH_ADJ = {"lao", "khmer", "thaï"}


def _french_forms(adj: str) -> set[str]:
    """Masculine, feminine, singular and plural of a French adjective of nationality."""
    forms = {adj}
    if adj.endswith("e"):
        forms.add(adj + "s")
    elif adj.endswith(("ien", "éen")):
        forms |= {adj + "s", adj + "ne", adj + "nes"}
    elif adj.endswith(("ais", "ois")):
        forms |= {adj + "e", adj + "es"}
    elif adj.endswith("x"):
        forms.add(adj)
    elif adj.endswith(("i", "è", "h", "k", "z", "b")):
        forms |= {adj + "s", adj + "e", adj + "es"}
    else:
        forms |= {adj + "s", adj + "e", adj + "es"}
    if adj == "grec":
        forms |= {"grecque", "grecques", "grecs"}
    if adj == "turc":
        forms |= {"turque", "turques", "turcs"}
    if adj == "suisse":
        forms |= {"suisses"}
    if adj == "nippon":
        forms |= {"nipponne", "nipponnes", "nippons"}
    if adj in {"khmer"}:
        forms |= {"khmère", "khmères", "khmers"}
    if adj == "thaï":
        forms |= {"thaïe", "thaïes", "thaïs"}
    if adj == "malgache":
        forms |= {"malgaches"}
    return forms


def _split_names(entries):
    for entry in entries:
        yield from (n.strip() for n in entry.split("#") if n.strip())


def _clean_cldr(name: str) -> list[str]:
    """CLDR's "Myanmar (Burma)" gives two names, "Congo - Kinshasa" one."""
    name = name.replace("’", "'")
    out = []
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:
        out += [m.group(1), m.group(2)]
    else:
        out.append(name)
    return [n.replace(" - ", "-") for n in out if n]


def build() -> dict:
    import pycountry
    from babel import Locale

    en, fr = Locale("en").territories, Locale("fr").territories
    partners: dict[str, dict] = {}
    names: list[tuple[str, str, str]] = []  # (surface, target, mode)

    def add(surface: str, target: str, mode: str | None = None):
        surface = surface.strip()
        if not surface:
            return
        if mode is None:
            letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", surface)
            mode = "exact" if len(letters) <= 5 and letters.isupper() else ("cap" if surface[:1].isupper() else "any")
        names.append((surface, target, mode))

    for code in sorted(c for c in en if len(c) == 2 and c.isalpha() and c not in SKIP):
        if code not in fr:
            continue
        en_names, fr_names = _clean_cldr(en[code]), _clean_cldr(fr[code])
        c = pycountry.countries.get(alpha_2=code)
        iso = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)] if c else []
        iso = [n for n in iso if n and "," not in n]
        display_en = ALIASES_EN.get(code, [None])[-1] if code in {"CZ", "TL", "LA"} else en_names[0]
        if code == "HK":
            display_en = "Hong Kong"
        if code == "MO":
            display_en = "Macao"
        display_fr = fr_names[0] if not fr_names[0].startswith("R.A.S.") else display_en
        partners[code] = {"kind": "country", "en": display_en, "fr": display_fr}
        for n in en_names + fr_names + iso + ALIASES_EN.get(code, []) + ALIASES_FR.get(code, []):
            if n in AMBIGUOUS or n.startswith("R.A.S.") or "SAR" in n:
                continue
            add(n, code)
        for adj in ADJ_FR.get(code, "").split():
            for form in _french_forms(adj):
                add(form, code, "any" if adj in FRENCH_ADJ or not form[:1].isupper() else "cap")
                # Capitalised: the people ("les Russes") and headlines.
        for adj in _english_adjectives(ADJ_EN.get(code, "")):
            add(adj, code, "cap")
        for pre in PREFIXES.get(code, "").split():
            add(pre, code, "prefix")
        for agency in AGENCIES.get(code, []):
            add(agency, code)
    for code, (name_en, name_fr, aliases, adj_fr, adj_en) in HISTORICAL.items():
        partners[code] = {"kind": "country", "en": name_en, "fr": name_fr}
        for n in aliases:
            add(n, code)
        for form in _french_forms(adj_fr):
            add(form, code, "any")
        add(adj_en, code, "cap")
        for pre in PREFIXES.get(code, "").split():
            add(pre, code, "prefix")
    for oid, (name_en, name_fr, aliases) in ORGS.items():
        partners[oid] = {"kind": "organisation", "en": name_en, "fr": name_fr}
        for n in aliases:
            add(n, oid)
    # "européen"/"European" are not mapped to the EU: "l'espace aérien européen", "pays européens" name no partner.
    for phrase in _language_phrases():
        add(phrase, "", "any")

    places: dict[str, dict] = {}
    for code, entries in FOREIGN_PLACES.items():
        for entry in entries:
            forms = [n.strip() for n in entry.split("#")]
            pid = code.lower() + ":" + _slug(forms[0])
            places.setdefault(pid, {"name": forms[0], "country": code})
            for n in forms:
                add(n, "place:" + pid, "cap")
    for pid, vn_names in VN_34.items():
        places["vn:" + pid] = {"name": vn_names[0], "country": "VN"}
        for n in vn_names:
            add(n, "place:vn:" + pid, "exact" if n.isupper() else "cap")
    for pid, (vn_names, into) in VN_FORMER.items():
        places["vn:" + pid] = {"name": vn_names[0], "country": "VN", "merged_into": "vn:" + into}
        for n in vn_names:
            add(n, "place:vn:" + pid, "cap")
    for pid, (vn_names, province) in VN_CITIES.items():
        places["vn:" + pid] = {"name": vn_names[0], "country": "VN", "province": "vn:" + province}
        for n in vn_names:
            add(n, "place:vn:" + pid, "cap")
    for target, phrases in NAMED_AFTER.items():
        for phrase in phrases:
            add(phrase, target, "cap")
    for phrase in BLOCKERS:
        add(phrase, "", "cap" if phrase[:1].isupper() else "any")

    # Later entries of the same surface and mode win: hand-kept lists over CLDR.
    seen: dict[tuple[str, str], str] = {}
    for surface, target, mode in names:
        seen[(surface, mode)] = target
    rows = sorted([s, t, m] for (s, m), t in seen.items())
    return {
        "about": "Generated by tools/make_partners_data.py from CLDR (Babel) and ISO 3166 (pycountry) names plus hand-kept "
        "demonyms, capitals, organisations and localities. Do not edit by hand.",
        "partners": dict(sorted(partners.items())),
        "places": dict(sorted(places.items())),
        "names": rows,
    }


def _english_adjectives(spec: str) -> list[str]:
    """'South Korean South Koreans Korean' -> ['South Korean', 'South Koreans', 'Korean']: words joined
    while the next starts with the previous's region word."""
    words, out, i = spec.split(), [], 0
    while i < len(words):
        if words[i] in {"South", "North", "New", "Sri", "Saudi"} and i + 1 < len(words) and words[i] != "Saudi":
            out.append(words[i] + " " + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _slug(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if not unicodedata.combining(c)).lower()).strip("-")


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['partners'])} partners, {len(data['places'])} places, {len(data['names'])} names")


if __name__ == "__main__":
    main()
