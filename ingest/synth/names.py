"""Name pools, forename variant (nickname/spelling) table and typo helpers.

All pools are synthetic lists of common names; nothing here identifies a real
person. ``GROUPS`` ties a cultural naming group to its ethnicity code (DfE
ethnicity codes as used in the school census and CIN census).
"""

from __future__ import annotations

import random

# group -> (weight, ethnicity code, male forenames, female forenames, surnames)
_RAW_GROUPS = {
    "british": (
        0.70,
        "WBRI",
        "Jack Oliver Harry George Charlie Jacob Thomas James William Joshua Daniel Samuel Alfie "
        "Noah Leo Freddie Archie Oscar Henry Max Lewis Ethan Mason Logan Jayden Tyler Kyle Liam "
        "Connor Callum Ryan Nathan Robert John Michael David Paul Mark Andrew Stephen Christopher "
        "Richard Anthony Matthew Benjamin Alexander Joseph Edward Nicholas Jonathan Dean Craig Lee "
        "Gary Darren Wayne Shane Reece Kieran Brandon Riley Jake Luke Aaron Toby Dylan Ashley",
        "Olivia Amelia Isla Ava Emily Sophie Grace Lily Chloe Ella Mia Ruby Evie Poppy Jessica "
        "Charlotte Isabelle Millie Freya Holly Megan Hannah Lauren Abigail Sarah Rebecca Emma "
        "Laura Amy Rachel Nicola Kelly Leanne Kayleigh Jade Danielle Stacey Gemma Claire Louise "
        "Michelle Donna Tracey Joanne Elizabeth Katherine Victoria Samantha Jennifer Natasha "
        "Zoe Alexandra Deborah Margaret Susan Karen Julie Paige Courtney Shannon Demi Tia Summer",
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Jackson Clarke Harrison Lewis Turner Hill Cooper "
        "Ward Morris Moore Clark King Baker Harris Lee Martin Allen Young Wilkinson Hughes "
        "Edwards Jackson Shaw Holmes Booth Marshall Stephenson Mitchell Phillips Atkinson "
        "Hudson Parker Bailey Kelly Cook Richardson Bell Pearson Dawson Fletcher Barker Sutcliffe "
        "Ackroyd Firth Hargreaves Crowther Brook Haigh Priestley Illingworth Greenwood Horsfall "
        "Ramsden Sykes Whiteley Lockwood Thornton Bairstow Holroyd Barraclough Normington",
    ),
    "irish": (
        0.02,
        "WIRI",
        "Sean Patrick Conor Ciaran Declan Liam Aidan Niall Eoin Cian Michael Brendan Kevin",
        "Siobhan Niamh Aoife Ciara Roisin Orla Sinead Mary Bridget Caoimhe Erin Saoirse",
        "Murphy Kelly O'Brien O'Neill Walsh Byrne Ryan O'Connor McCarthy Doyle Gallagher Quinn",
    ),
    "polish": (
        0.05,
        "WOTH",
        "Jakub Kacper Szymon Filip Jan Antoni Aleksander Wojciech Piotr Tomasz Łukasz Paweł "
        "Krzysztof Marcin Michał Mateusz Dawid Bartosz",
        "Julia Zuzanna Zofia Maja Hanna Lena Amelia Oliwia Katarzyna Agnieszka Małgorzata Anna "
        "Magdalena Monika Joanna Natalia Aleksandra Weronika",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski Nowakowski",
    ),
    "pakistani": (
        0.09,
        "APKN",
        "Mohammed Ali Ahmed Hassan Hussain Ibrahim Yusuf Zain Omar Adam Bilal Hamza Imran Zubair "
        "Tariq Asif Kashif Shahid Farhan Arslan Ayaan Rayyan Haris Usman Abdul Amir Faisal",
        "Aisha Fatima Maryam Zainab Hafsa Khadija Amina Sana Ayesha Iqra Mariam Noor Hira Sadia "
        "Nadia Shazia Rubina Saima Samina Aaliyah Inaya Hania Zara Anaya Safa Humaira",
        "Khan Hussain Ahmed Ali Shah Iqbal Akhtar Mahmood Rashid Malik Butt Mohammed "
        "Riaz Aslam Siddique Rehman Qureshi Javed Anwar Yousaf Chaudhry",
    ),
    "bangladeshi": (
        0.02,
        "ABAN",
        "Mohammed Abdul Rahim Karim Jamal Shahed Rafiq Sayed Anwar Ismail Yusuf Ayaan",
        "Halima Fatema Rokeya Shirin Nasima Salma Taslima Jannat Sumaiya Tasnim Ruksana",
        "Miah Uddin Rahman Ahmed Islam Hoque Choudhury Chowdhury Ali Hussain",
    ),
    "indian": (
        0.02,
        "AIND",
        "Arjun Rohan Vikram Sanjay Raj Amit Ravi Harpreet Gurpreet Jaspreet Dev Aarav Krish",
        "Priya Anjali Sunita Neha Pooja Kiran Simran Harleen Manpreet Jaspreet Meera Anika",
        "Patel Singh Kaur Sharma Gill Sandhu Kumar Mistry Chauhan Parmar Dhillon Sidhu",
    ),
    "african": (
        0.04,
        "BAFR",
        "Oluwaseun Chukwuemeka Adebayo Oluwatobi Olumide Kwame Kofi Emmanuel Samuel David "
        "Daniel Joseph Tendai Tinashe Abdi Mohamed Yonas",
        "Abimbola Nkechi Chidinma Folake Blessing Grace Precious Comfort Esther Amara Adaeze "
        "Funmilayo Favour Hodan Fartun Ruth",
        "Okafor Adeyemi Okonkwo Mensah Osei Adebayo Eze Nwosu Oyelaran Abdi Mohamed Moyo "
        "Chikwanha Asante Boateng Okoro",
    ),
    "caribbean": (
        0.02,
        "BCRB",
        "Marcus Jermaine Tyrone Leon Dwayne Andre Delroy Winston Kai Malachi Isaiah Jaden",
        "Shanice Tanisha Keisha Jasmine Chantelle Marcia Paulette Kiara Aaliyah Imani",
        "Campbell Brown Clarke Francis Grant Powell Reid Richards Thomas Williams Morgan",
    ),
    "romany": (
        0.01,
        "WROM",
        "Levi Jimmy Tom Joe Henry Noah Elijah Moses Sonny Dan",
        "Mary Caroline Britney Shannon Roseanne Kathleen Bridget Maisie Sabrina",
        "Lee Smith Price Lock Boswell Lovell Young Cooper Stanley Loveridge",
    ),
}


class Group:
    __slots__ = ("ethnicity", "female", "male", "name", "surnames", "weight")

    def __init__(self, name, weight, ethnicity, male, female, surnames):
        self.name = name
        self.weight = weight
        self.ethnicity = ethnicity
        self.male = tuple(dict.fromkeys(male.split()))
        self.female = tuple(dict.fromkeys(female.split()))
        self.surnames = tuple(dict.fromkeys(surnames.split()))


GROUPS = {k: Group(k, *v) for k, v in _RAW_GROUPS.items()}
GROUP_NAMES = tuple(GROUPS)
GROUP_WEIGHTS = tuple(g.weight for g in GROUPS.values())

# Mixed-heritage ethnicity codes for a child of parents from different groups.
MIXED_CODES = {"african": "MWBA", "caribbean": "MWBC", "pakistani": "MWAS", "indian": "MWAS"}

# Forename variant families: any member may be recorded for any other.
_VARIANTS = """
Robert Bob Rob Bobby Robbie
Elizabeth Liz Beth Lizzie Eliza Betty
Mohammed Muhammad Mohammad Mohamed Muhammed Mohd
Katherine Catherine Kathryn Kate Katie Cathy Kath
William Will Bill Billy
James Jim Jimmy Jamie
John Jon Johnny Jack
Jonathan Jon Johnny
Michael Mike Mick Mikey
Christopher Chris Kit
Thomas Tom Tommy
Daniel Dan Danny
Matthew Matt Matty
Anthony Tony Ant
Joseph Joe Joey
Samuel Sam Sammy
Alexander Alex Alec
Benjamin Ben Benji
Joshua Josh
Nicholas Nick Nicky
Richard Rich Ricky
Stephen Steven Steve Stevie
David Dave Davey
Andrew Andy Drew
Edward Ed Eddie Ted
Henry Harry Hal
Charlie Charles Chas
Oliver Ollie Olly
Frederick Freddie Fred
Alfie Alfred Alf
Archie Archibald
Lewis Louis
Callum Calum Kallum
Connor Conor Conner
Kieran Ciaran Keiran
Ryan Rian
Jayden Jaden Jaiden Jaydon
Tyler Tylor
Reece Rhys Reese
Dean Deano
Ashley Ash
Margaret Maggie Meg Peggy
Rebecca Becky Becca
Jessica Jess Jessie
Victoria Vicky Tori
Samantha Sam Sammie
Alexandra Alex Lexie
Jennifer Jenny Jen
Deborah Debbie Debra
Rachel Rachael
Sarah Sara
Hannah Hana Hanna
Zoe Zoë Zoey
Chloe Chloë
Louise Lou Louisa
Amelia Millie Amy
Olivia Liv Livvy
Isabelle Isabel Bella Izzy Isobel
Charlotte Lottie
Abigail Abbie Abby
Natasha Tasha
Nathan Nate
Kayleigh Kayley Kaylee Kaley
Leanne Lianne Lee-Ann
Stacey Stacy
Tracey Tracy
Joanne Jo Joanna
Danielle Dani
Nicola Nicky Nikki
Michelle Shelly
Gemma Jemma
Megan Meg Meghan
Emily Em Emilie
Sophie Sophia Sofia
Grace Gracie
Lily Lilly Lillie
Aaliyah Aliyah Aleah
Ayesha Aisha Aysha
Fatima Fatimah Fatema
Yusuf Yousuf Yousef Yusef
Ibrahim Ebrahim
Abdul Abdool
Hussain Hussein Husain
Zainab Zaynab
Maryam Mariam Miriam
Ahmed Ahmad
Hamza Hamzah
Bilal Belal
Imran Emran
Omar Umar
Khadija Khadijah
Hafsa Hafsah
Sana Sanaa
Zara Zahra
Aleksander Aleksandr Olek
Aleksandra Ola Olek
Wojciech Wojtek
Katarzyna Kasia
Małgorzata Malgorzata Gosia
Łukasz Lukasz Luke
Paweł Pawel Paul
Michał Michal
Piotr Peter
Jakub Kuba Jacob
Agnieszka Aga
Zofia Zosia
Oluwaseun Seun Shaun
Chukwuemeka Emeka
Adebayo Bayo
Oluwatobi Tobi
Olumide Mide
Nkechi Kechi
Abimbola Bimbo
Chidinma Chi
Funmilayo Funmi
Siobhan Shivaun
Niamh Neve
Sean Shaun Shawn
Aoife Eva
Harpreet Harpret
Jaspreet Jasprit
Shanice Shaniece
Jermaine Jermain
""".strip().splitlines()

VARIANTS: dict[str, tuple[str, ...]] = {}
for _line in _VARIANTS:
    _names = _line.split()
    for _n in _names:
        _others = tuple(x for x in _names if x != _n)
        VARIANTS[_n] = tuple(dict.fromkeys(VARIANTS.get(_n, ()) + _others))

# Surname spelling variants seen when names are keyed by different people.
_SURNAME_VARIANTS = """
Smith Smyth
Thompson Thomson Tomson
Phillips Philips
Stephenson Stevenson
Clarke Clark
Hussain Hussein Husain
Ahmed Ahmad
Mohammed Muhammad Mohamed
Choudhury Chowdhury Choudhary
Chaudhry Choudhry
Yousaf Yusuf
Rehman Rahman
O'Brien OBrien Obrien
O'Neill ONeill O'Neil
O'Connor OConnor
McCarthy Mccarthy MacCarthy
Wiśniewski Wisniewski
Wójcik Wojcik
Kamiński Kaminski
Zieliński Zielinski
Szymański Szymanski
Woźniak Wozniak
Dąbrowski Dabrowski
Kozłowski Kozlowski
Okonkwo Okonkow
Adeyemi Adeyemei
Boswell Bosswell
Sutcliffe Sutcliff
Ackroyd Akroyd
Illingworth Illingsworth
Barraclough Barrowclough
Greenwood Greenward
""".strip().splitlines()

SURNAME_VARIANTS: dict[str, tuple[str, ...]] = {}
for _line in _SURNAME_VARIANTS:
    _names = _line.split()
    for _n in _names:
        SURNAME_VARIANTS[_n] = tuple(x for x in _names if x != _n)

_POLISH_FEMININE = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))


#: women in these groups are often registered under a female-only surname
FEMALE_SURNAMES = {"pakistani": ("Bibi", "Begum", "Akhtar"), "bangladeshi": ("Begum", "Khatun", "Bibi")}


def gendered_surname(base: str, sex: str) -> str:
    """Polish adjectival surnames take a feminine form (Kowalski -> Kowalska)."""
    if sex == "F":
        for masc, fem in _POLISH_FEMININE:
            if base.endswith(masc):
                return base[: -len(masc)] + fem
    return base


def pick_group(rng: random.Random) -> Group:
    return GROUPS[rng.choices(GROUP_NAMES, GROUP_WEIGHTS)[0]]


def pick_forename(rng: random.Random, group: Group, sex: str, avoid: set[str] | None = None) -> str:
    pool = group.male if sex == "M" else group.female
    for _ in range(8):
        name = pool[rng.randrange(len(pool))]
        if not avoid or name not in avoid:
            return name
    return name


def pick_surname(rng: random.Random, group: Group) -> str:
    return group.surnames[rng.randrange(len(group.surnames))]


def variant_forename(rng: random.Random, forename: str) -> str:
    """A nickname or alternative spelling of ``forename`` (itself if none known)."""
    options = VARIANTS.get(forename)
    if not options:
        return forename
    return options[rng.randrange(len(options))]


_KEYBOARD_NEIGHBOURS = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "n": "bm",
    "m": "n",
    "r": "et",
    "t": "ry",
    "s": "ad",
    "l": "k",
    "h": "gj",
    "c": "xv",
    "d": "sf",
    "y": "tu",
}


def typo(rng: random.Random, name: str) -> str:
    """One keying error: transposition, dropped, doubled or neighbouring letter."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0 and name[i] != name[i + 1]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == 1:
        return name[:i] + name[i + 1 :]
    if kind == 2:
        return name[:i] + name[i] + name[i:]
    c = name[i].lower()
    repl = _KEYBOARD_NEIGHBOURS.get(c)
    if not repl:
        return name[:i] + name[i + 1 :]
    return name[:i] + repl[rng.randrange(len(repl))] + name[i + 1 :]


def variant_surname(rng: random.Random, surname: str) -> str:
    """A known spelling variant of ``surname`` if there is one, else a typo."""
    parts = surname.split("-")
    if len(parts) > 1:
        j = rng.randrange(len(parts))
        parts[j] = variant_surname(rng, parts[j])
        return "-".join(parts)
    options = SURNAME_VARIANTS.get(surname)
    if options and rng.random() < 0.7:
        return options[rng.randrange(len(options))]
    return typo(rng, surname)


def case_noise(rng: random.Random, text: str) -> str:
    """Upper/lower casing or stray whitespace as keyed by hand."""
    k = rng.randrange(5)
    if k == 0:
        return text.upper()
    if k == 1:
        return text.lower()
    if k == 2:
        return " " + text
    if k == 3:
        return text + "  "
    return text.replace("-", " - ") if "-" in text else text.upper()
