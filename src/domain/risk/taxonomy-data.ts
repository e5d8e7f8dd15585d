/**
 * Taxonomic ranks (family, order, class) of every genus, and of the higher taxa, traded in 2015, so rule
 * profiles and the model can read a declared species at any rank.
 *
 * Derived from the CITES Trade Database comparative tabulation for 2015 (wild and unknown sources):
 * CITES Trade Database, UNEP World Conservation Monitoring Centre, Cambridge, UK, for the CITES
 * Secretariat; extract as published in lemuelkumarga/wildlife-trade (data/cites_2015.csv). Reused with
 * credit ("CITES Trade Database, UNEP-WCMC") as the Secretariat and UNEP-WCMC allow.
 *
 * One line per taxon: NAME, family, order, class, tab-separated (empty when the database gives none).
 */
export const GENUS_RANKS = `
Abronia	Anguidae	Sauria	Reptilia
Abyssopathes	Schizopathidae	Antipatharia	Anthozoa
Acampe	Orchidaceae	Orchidales	
Acanthastrea	Mussidae	Scleractinia	Anthozoa
Acanthophyllia	Mussidae	Scleractinia	Anthozoa
Accipiter	Accipitridae	Falconiformes	Aves
Acerodon	Pteropodidae	Chiroptera	Mammalia
Acianthera	Orchidaceae	Orchidales	
Acinonyx	Felidae	Carnivora	Mammalia
Acipenser	Acipenseridae	Acipenseriformes	Actinopteri
Acrhelia	Oculinidae	Scleractinia	Anthozoa
Acropora	Acroporidae	Scleractinia	Anthozoa
Addax	Bovidae	Artiodactyla	Mammalia
Adelomyia	Trochilidae	Apodiformes	Aves
Aegolius	Strigidae	Strigiformes	Aves
Aerangis	Orchidaceae	Orchidales	
Aeranthes	Orchidaceae	Orchidales	
Agalychnis	Hylidae	Anura	Amphibia
Agapornis	Psittacidae	Psittaciformes	Aves
Agaricia	Agariciidae	Scleractinia	Anthozoa
Aglaeactis	Trochilidae	Apodiformes	Aves
Aglaiocercus	Trochilidae	Apodiformes	Aves
Ailuropoda	Ursidae	Carnivora	Mammalia
Alisterus	Psittacidae	Psittaciformes	Aves
Allenopithecus	Cercopithecidae	Primates	Mammalia
Alligator	Alligatoridae	Crocodylia	Reptilia
Allobates	Aromobatidae	Anura	Amphibia
Alluaudia	Didiereaceae	Caryophyllales	
Aloe	Liliaceae	Liliales	
Alouatta	Atelidae	Primates	Mammalia
Alsophila	Cyatheaceae	Cyatheales	
Alveopora	Poritidae	Scleractinia	Anthozoa
Amazilia	Trochilidae	Apodiformes	Aves
Amazona	Psittacidae	Psittaciformes	Aves
Ameerega	Dendrobatidae	Anura	Amphibia
Ammotragus	Bovidae	Artiodactyla	Mammalia
Amyda	Trionychidae	Testudines	Reptilia
Anacropora	Acroporidae	Scleractinia	Anthozoa
Andinobates	Dendrobatidae	Anura	Amphibia
Andrias	Cryptobranchidae	Caudata	Amphibia
Angraecum	Orchidaceae	Orchidales	
Anguilla	Anguillidae	Anguilliformes	Actinopteri
Aniba	Lauraceae	Laurales	
Anodorhynchus	Psittacidae	Psittaciformes	Aves
Anoectochilus	Orchidaceae	Orchidales	
Anthracoceros	Bucerotidae	Coraciiformes	Aves
Anthracothorax	Trochilidae	Apodiformes	Aves
Antilope	Bovidae	Artiodactyla	Mammalia
Antipathella	Myriopathidae	Antipatharia	Anthozoa
Antipathes	Antipathidae	Antipatharia	Anthozoa
Aonyx	Mustelidae	Carnivora	Mammalia
Aotus	Aotidae	Primates	Mammalia
Aphanipathes	Aphanipathidae	Antipatharia	Anthozoa
Aphyllorchis	Orchidaceae	Orchidales	
Apodora	Pythonidae	Serpentes	Reptilia
Aprosmictus	Psittacidae	Psittaciformes	Aves
Aquila	Accipitridae	Falconiformes	Aves
Aquilaria	Thymelaeaceae	Myrtales	
Ara	Psittacidae	Psittaciformes	Aves
Arachnis	Orchidaceae	Orchidales	
Arapaima	Arapaimidae	Osteoglossiformes	Actinopteri
Aratinga	Psittacidae	Psittaciformes	Aves
Archilochus	Trochilidae	Apodiformes	Aves
Arctictis	Viverridae	Carnivora	Mammalia
Arctocephalus	Otariidae	Carnivora	Mammalia
Arctostaphylos	Ericaceae	Ericales	
Ardeotis	Otididae	Gruiformes	Aves
Arisaema	Araceae	Arales	
Arnica	Compositae	Asterales	
Arpophyllum	Orchidaceae	Orchidales	
Asio	Strigidae	Strigiformes	Aves
Aspasia	Orchidaceae	Orchidales	
Astrangia	Rhizangiidae	Scleractinia	Anthozoa
Astrapia	Paradisaeidae	Passeriformes	Aves
Astreopora	Acroporidae	Scleractinia	Anthozoa
Astrochelys	Testudinidae	Testudines	Reptilia
Asturina	Accipitridae	Falconiformes	Aves
Ateles	Atelidae	Primates	Mammalia
Athene	Strigidae	Strigiformes	Aves
Australogyra	Faviidae	Scleractinia	Anthozoa
Australomussa	Mussidae	Scleractinia	Anthozoa
Avahi	Indriidae	Primates	Mammalia
Axis	Cervidae	Artiodactyla	Mammalia
Balaena	Balaenidae	Cetacea	Mammalia
Balaeniceps	Balaenicipitidae	Ciconiiformes	Aves
Balaenoptera	Balaenopteridae	Cetacea	Mammalia
Balanophyllia	Dendrophylliidae	Scleractinia	Anthozoa
Balearica	Gruidae	Gruiformes	Aves
Barnardius	Psittacidae	Psittaciformes	Aves
Basilinna	Trochilidae	Apodiformes	Aves
Batagur	Geoemydidae	Testudines	Reptilia
Bathypathes	Schizopathidae	Antipatharia	Anthozoa
Beclardia	Orchidaceae	Orchidales	
Berardius	Ziphiidae	Cetacea	Mammalia
Bhutanitis	Papilionidae	Lepidoptera	Insecta
Bison	Bovidae	Artiodactyla	Mammalia
Blastomussa	Mussidae	Scleractinia	Anthozoa
Bletia	Orchidaceae	Orchidales	
Bletilla	Orchidaceae	Orchidales	
Boa	Boidae	Serpentes	Reptilia
Boissonneaua	Trochilidae	Apodiformes	Aves
Boselaphus	Bovidae	Artiodactyla	Mammalia
Bradypodion	Chamaeleonidae	Sauria	Reptilia
Bradypus	Bradypodidae	Pilosa	Mammalia
Brassavola	Orchidaceae	Orchidales	
Brassia	Orchidaceae	Orchidales	
Brookesia	Chamaeleonidae	Sauria	Reptilia
Brotogeris	Psittacidae	Psittaciformes	Aves
Bubalus	Bovidae	Artiodactyla	Mammalia
Bubo	Strigidae	Strigiformes	Aves
Bulbophyllum	Orchidaceae	Orchidales	
Bulnesia	Zygophyllaceae	Sapindales	
Bunopithecus	Hylobatidae	Primates	Mammalia
Busarellus	Accipitridae	Falconiformes	Aves
Buteo	Accipitridae	Falconiformes	Aves
Buteogallus	Accipitridae	Falconiformes	Aves
Cacajao	Pitheciidae	Primates	Mammalia
Cacatua	Cacatuidae	Psittaciformes	Aves
Caecobarbus	Cyprinidae	Cypriniformes	Actinopteri
Caesalpinia	Leguminosae	Fabales	
Caiman	Alligatoridae	Crocodylia	Reptilia
Calabaria	Boidae	Serpentes	Reptilia
Calanthe	Orchidaceae	Orchidales	
Callicebus	Pitheciidae	Primates	Mammalia
Calliphlox	Trochilidae	Apodiformes	Aves
Callithrix	Cebidae	Primates	Mammalia
Callocephalon	Cacatuidae	Psittaciformes	Aves
Calumma	Chamaeleonidae	Sauria	Reptilia
Calypte	Trochilidae	Apodiformes	Aves
Calyptorhynchus	Cacatuidae	Psittaciformes	Aves
Campylocentrum	Orchidaceae	Orchidales	
Campylopterus	Trochilidae	Apodiformes	Aves
Candoia	Boidae	Serpentes	Reptilia
Canis	Canidae	Carnivora	Mammalia
Capra	Bovidae	Artiodactyla	Mammalia
Caracal	Felidae	Carnivora	Mammalia
Caracara	Falconidae	Falconiformes	Aves
Carcharhinus	Carcharhinidae	Carcharhiniformes	Elasmobranchii
Carcharodon	Lamnidae	Lamniformes	Elasmobranchii
Caretta	Cheloniidae	Testudines	Reptilia
Caryophyllia	Caryophylliidae	Scleractinia	Anthozoa
Catalaphyllia	Caryophylliidae	Scleractinia	Anthozoa
Catasetum	Orchidaceae	Orchidales	
Cattleya	Orchidaceae	Orchidales	
Caularthron	Orchidaceae	Orchidales	
Caulastraea	Faviidae	Scleractinia	Anthozoa
Cebus	Cebidae	Primates	Mammalia
Cedrela	Meliaceae	Sapindales	
Centrochelys	Testudinidae	Testudines	Reptilia
Cephalophus	Bovidae	Artiodactyla	Mammalia
Cephalopterus	Cotingidae	Passeriformes	Aves
Cephalorhynchus	Delphinidae	Cetacea	Mammalia
Ceratotherium	Rhinocerotidae	Perissodactyla	Mammalia
Cerberus	Colubridae	Serpentes	Reptilia
Cercocebus	Cercopithecidae	Primates	Mammalia
Cercopithecus	Cercopithecidae	Primates	Mammalia
Cervus	Cervidae	Artiodactyla	Mammalia
Cetorhinus	Cetorhinidae	Lamniformes	Elasmobranchii
Cetraria	Parmeliaceae	Lecanorales	
Chaetocercus	Trochilidae	Apodiformes	Aves
Chalcopsitta	Loriidae	Psittaciformes	Aves
Chalcostigma	Trochilidae	Apodiformes	Aves
Chalybura	Trochilidae	Apodiformes	Aves
Chamaeangis	Orchidaceae	Orchidales	
Chamaeleo	Chamaeleonidae	Sauria	Reptilia
Charmosyna	Loriidae	Psittaciformes	Aves
Cheilinus	Labridae	Perciformes	Actinopteri
Cheiloporidion	Stylasteridae	Stylasterina	Hydrozoa
Cheirogaleus	Cheirogaleidae	Primates	Mammalia
Chelonia	Cheloniidae	Testudines	Reptilia
Chelonoidis	Testudinidae	Testudines	Reptilia
Chersina	Testudinidae	Testudines	Reptilia
Chlamydotis	Otididae	Gruiformes	Aves
Chlorocebus	Cercopithecidae	Primates	Mammalia
Chlorostilbon	Trochilidae	Apodiformes	Aves
Choloepus	Megalonychidae	Pilosa	Mammalia
Christensonella	Orchidaceae	Orchidales	
Cibotium	Dicksoniaceae	Dicksoniales	
Ciccaba	Strigidae	Strigiformes	Aves
Circaetus	Accipitridae	Falconiformes	Aves
Circus	Accipitridae	Falconiformes	Aves
Cirrhipathes	Antipathidae	Antipatharia	Anthozoa
Cistanche	Orobanchaceae	Scrophulariales	
Civettictis	Viverridae	Carnivora	Mammalia
Cladocora	Caryophylliidae	Scleractinia	Anthozoa
Cladopathes	Cladopathidae	Antipatharia	Anthozoa
Coeligena	Trochilidae	Apodiformes	Aves
Coelogyne	Orchidaceae	Orchidales	
Colibri	Trochilidae	Apodiformes	Aves
Colobus	Cercopithecidae	Primates	Mammalia
Colpophyllia	Faviidae	Scleractinia	Anthozoa
Columba	Columbidae	Columbiformes	Aves
Coracopsis	Psittacidae	Psittaciformes	Aves
Corallium	Coralliidae	Gorgonacea	Anthozoa
Corallus	Boidae	Serpentes	Reptilia
Cordylus	Cordylidae	Sauria	Reptilia
Corryocactus	Cactaceae	Caryophyllales	
Corucia	Scincidae	Sauria	Reptilia
Corymborkis	Orchidaceae	Orchidales	
Coscinaraea	Siderastreidae	Scleractinia	Anthozoa
Crax	Cracidae	Galliformes	Aves
Crocodylus	Crocodylidae	Crocodylia	Reptilia
Crotalus	Viperidae	Serpentes	Reptilia
Cryptobranchus	Cryptobranchidae	Caudata	Amphibia
Cryptoprocta	Eupleridae	Carnivora	Mammalia
Ctenactis	Fungiidae	Scleractinia	Anthozoa
Ctenosaura	Iguanidae	Sauria	Reptilia
Cuniculus	Cuniculidae	Rodentia	Mammalia
Cuon	Canidae	Carnivora	Mammalia
Cuora	Geoemydidae	Testudines	Reptilia
Cyanoliseus	Psittacidae	Psittaciformes	Aves
Cyanopsitta	Psittacidae	Psittaciformes	Aves
Cyathea	Cyatheaceae	Cyatheales	
Cycas	Cycadaceae	Cycadales	
Cyclamen	Primulaceae	Primulales	
Cyclemys	Geoemydidae	Testudines	Reptilia
Cyclopsitta	Psittacidae	Psittaciformes	Aves
Cycloseris	Fungiidae	Scleractinia	Anthozoa
Cyclura	Iguanidae	Sauria	Reptilia
Cycnoches	Orchidaceae	Orchidales	
Cylindropuntia	Cactaceae	Caryophyllales	
Cymbidiella	Orchidaceae	Orchidales	
Cymbidium	Orchidaceae	Orchidales	
Cynarina	Mussidae	Scleractinia	Anthozoa
Cynorkis	Orchidaceae	Orchidales	
Cyphastrea	Faviidae	Scleractinia	Anthozoa
Cyphostemma	Vitaceae	Rhamnales	
Cypripedium	Orchidaceae	Orchidales	
Cyrtosia	Orchidaceae	Orchidales	
Daboia	Viperidae	Serpentes	Reptilia
Dalbergia	Leguminosae	Fabales	
Damaliscus	Bovidae	Artiodactyla	Mammalia
Daptrius	Falconidae	Falconiformes	Aves
Dasyprocta	Dasyproctidae	Rodentia	Mammalia
Daubentonia	Daubentoniidae	Primates	Mammalia
Delphinapterus	Monodontidae	Cetacea	Mammalia
Delphinus	Delphinidae	Cetacea	Mammalia
Deltocyathus	Caryophylliidae	Scleractinia	Anthozoa
Dendrobates	Dendrobatidae	Anura	Amphibia
Dendrobathypathes	Schizopathidae	Antipatharia	Anthozoa
Dendrobium	Orchidaceae	Orchidales	
Dendrocygna	Anatidae	Anseriformes	Aves
Dendrogyra	Meandriniidae	Scleractinia	Anthozoa
Dendrophyllia	Dendrophylliidae	Scleractinia	Anthozoa
Dermochelys	Dermochelyidae	Testudines	Reptilia
Deroptyus	Psittacidae	Psittaciformes	Aves
Desmophyllum	Caryophylliidae	Scleractinia	Anthozoa
Dicerorhinus	Rhinocerotidae	Perissodactyla	Mammalia
Diceros	Rhinocerotidae	Perissodactyla	Mammalia
Dichaea	Orchidaceae	Orchidales	
Didymoplexiella	Orchidaceae	Orchidales	
Didymoplexis	Orchidaceae	Orchidales	
Dilomilis	Orchidaceae	Orchidales	
Dimerandra	Orchidaceae	Orchidales	
Dionaea	Droseraceae	Nepenthales	
Diopsittaca	Psittacidae	Psittaciformes	Aves
Diploastrea	Faviidae	Scleractinia	Anthozoa
Diploria	Faviidae	Scleractinia	Anthozoa
Distichopora	Stylasteridae	Stylasterina	Hydrozoa
Dogania	Trionychidae	Testudines	Reptilia
Doryfera	Trochilidae	Apodiformes	Aves
Dryadella	Orchidaceae	Orchidales	
Dugong	Dugongidae	Sirenia	Mammalia
Duncanopsammia	Dendrophylliidae	Scleractinia	Anthozoa
Echinophyllia	Pectiniidae	Scleractinia	Anthozoa
Echinopora	Faviidae	Scleractinia	Anthozoa
Echinopsis	Cactaceae	Caryophyllales	
Eclectus	Psittacidae	Psittaciformes	Aves
Eguchipsammia	Dendrophylliidae	Scleractinia	Anthozoa
Eira	Mustelidae	Carnivora	Mammalia
Elanus	Accipitridae	Falconiformes	Aves
Elaphe	Colubridae	Serpentes	Reptilia
Elephas	Elephantidae	Proboscidea	Mammalia
Elleanthus	Orchidaceae	Orchidales	
Emydoidea	Emydidae	Testudines	Reptilia
Enallopsammia	Dendrophylliidae	Scleractinia	Anthozoa
Encephalartos	Zamiaceae	Cycadales	
Encyclia	Orchidaceae	Orchidales	
Enhydra	Mustelidae	Carnivora	Mammalia
Enhydris	Colubridae	Serpentes	Reptilia
Ensifera	Trochilidae	Apodiformes	Aves
Eolophus	Cacatuidae	Psittaciformes	Aves
Eos	Loriidae	Psittaciformes	Aves
Epicrates	Boidae	Serpentes	Reptilia
Epidendrum	Orchidaceae	Orchidales	
Epimachus	Paradisaeidae	Passeriformes	Aves
Epipedobates	Dendrobatidae	Anura	Amphibia
Epipogium	Orchidaceae	Orchidales	
Equus	Equidae	Perissodactyla	Mammalia
Erasanthe	Orchidaceae	Orchidales	
Eretmochelys	Cheloniidae	Testudines	Reptilia
Eria	Orchidaceae	Orchidales	
Eriocnemis	Trochilidae	Apodiformes	Aves
Erycina	Orchidaceae	Orchidales	
Erymnochelys	Podocnemididae	Testudines	Reptilia
Erythrocebus	Cercopithecidae	Primates	Mammalia
Erythrodes	Orchidaceae	Orchidales	
Eschrichtius	Eschrichtiidae	Cetacea	Mammalia
Eubalaena	Balaenidae	Cetacea	Mammalia
Eugenes	Trochilidae	Apodiformes	Aves
Eulemur	Lemuridae	Primates	Mammalia
Eulophia	Orchidaceae	Orchidales	
Eulophiella	Orchidaceae	Orchidales	
Eulychnia	Cactaceae	Caryophyllales	
Eunectes	Boidae	Serpentes	Reptilia
Eupherusa	Trochilidae	Apodiformes	Aves
Euphorbia	Euphorbiaceae	Euphorbiales	
Euphyllia	Caryophylliidae	Scleractinia	Anthozoa
Eupodotis	Otididae	Gruiformes	Aves
Eutoxeres	Trochilidae	Apodiformes	Aves
Falco	Falconidae	Falconiformes	Aves
Favia	Faviidae	Scleractinia	Anthozoa
Favites	Faviidae	Scleractinia	Anthozoa
Felis	Felidae	Carnivora	Mammalia
Feresa	Delphinidae	Cetacea	Mammalia
Flabellum	Flabellidae	Scleractinia	Anthozoa
Florisuga	Trochilidae	Apodiformes	Aves
Forpus	Psittacidae	Psittaciformes	Aves
Fraxinus	Oleaceae	Lamiales	
Fungia	Fungiidae	Scleractinia	Anthozoa
Fungiacyathus	Fungiacyathidae	Scleractinia	Anthozoa
Furcifer	Chamaeleonidae	Sauria	Reptilia
Galago	Galagidae	Primates	Mammalia
Galanthus	Amaryllidaceae	Liliales	
Galaxea	Oculinidae	Scleractinia	Anthozoa
Galeandra	Orchidaceae	Orchidales	
Galeola	Orchidaceae	Orchidales	
Galictis	Mustelidae	Carnivora	Mammalia
Gardineroseris	Agariciidae	Scleractinia	Anthozoa
Gastrodia	Orchidaceae	Orchidales	
Gastrorchis	Orchidaceae	Orchidales	
Gavialis	Gavialidae	Crocodylia	Reptilia
Gazella	Bovidae	Artiodactyla	Mammalia
Gentiana	Gentianaceae	Gentianales	
Geochelone	Testudinidae	Testudines	Reptilia
Geodorum	Orchidaceae	Orchidales	
Geoffroyus	Psittacidae	Psittaciformes	Aves
Glaucidium	Strigidae	Strigiformes	Aves
Glaucis	Trochilidae	Apodiformes	Aves
Globicephala	Delphinidae	Cetacea	Mammalia
Glossopsitta	Loriidae	Psittaciformes	Aves
Gongora	Orchidaceae	Orchidales	
Gongylophis	Boidae	Serpentes	Reptilia
Goniastrea	Faviidae	Scleractinia	Anthozoa
Goniopora	Poritidae	Scleractinia	Anthozoa
Gonystylus	Thymelaeaceae	Myrtales	
Goodyera	Orchidaceae	Orchidales	
Gopherus	Testudinidae	Testudines	Reptilia
Gorilla	Hominidae	Primates	Mammalia
Goura	Columbidae	Columbiformes	Aves
Grammangis	Orchidaceae	Orchidales	
Grampus	Delphinidae	Cetacea	Mammalia
Graptemys	Emydidae	Testudines	Reptilia
Graydidascalus	Psittacidae	Psittaciformes	Aves
Grobya	Orchidaceae	Orchidales	
Grus	Gruidae	Gruiformes	Aves
Guaiacum	Zygophyllaceae	Sapindales	
Gubernatrix	Emberizidae	Passeriformes	Aves
Gypohierax	Accipitridae	Falconiformes	Aves
Gyps	Accipitridae	Falconiformes	Aves
Gyrinops	Thymelaeaceae	Myrtales	
Habenaria	Orchidaceae	Orchidales	
Haliaeetus	Accipitridae	Falconiformes	Aves
Haliotis	Haliotidae	Archaeogastropoda	Gastropoda
Halomitra	Fungiidae	Scleractinia	Anthozoa
Haplophaedia	Trochilidae	Apodiformes	Aves
Harpagophytum	Pedaliaceae	Scrophulariales	
Harpia	Accipitridae	Falconiformes	Aves
Harpyopsis	Accipitridae	Falconiformes	Aves
Helarctos	Ursidae	Carnivora	Mammalia
Heliangelus	Trochilidae	Apodiformes	Aves
Heliodoxa	Trochilidae	Apodiformes	Aves
Heliofungia	Fungiidae	Scleractinia	Anthozoa
Heliomaster	Trochilidae	Apodiformes	Aves
Heliopora	Helioporidae	Helioporacea	Anthozoa
Heliothryx	Trochilidae	Apodiformes	Aves
Heloderma	Helodermatidae	Sauria	Reptilia
Hemigalus	Viverridae	Carnivora	Mammalia
Heosemys	Geoemydidae	Testudines	Reptilia
Herpestes	Herpestidae	Carnivora	Mammalia
Herpolitha	Fungiidae	Scleractinia	Anthozoa
Heteropsammia	Dendrophylliidae	Scleractinia	Anthozoa
Hieraaetus	Accipitridae	Falconiformes	Aves
Hillopathes	Antipathidae	Antipatharia	Anthozoa
Hippocampus	Syngnathidae	Syngnathiformes	Actinopteri
Hippopotamus	Hippopotamidae	Artiodactyla	Mammalia
Hirudo	Hirudinidae	Arhynchobdellida	Hirudinoidea
Holothrix	Orchidaceae	Orchidales	
Homalopsis	Colubridae	Serpentes	Reptilia
Homopus	Testudinidae	Testudines	Reptilia
Hoodia	Apocynaceae	Gentianales	
Hoplobatrachus	Dicroglossidae	Anura	Amphibia
Huso	Acipenseridae	Acipenseriformes	Actinopteri
Hydnophora	Merulinidae	Scleractinia	Anthozoa
Hydrictis	Mustelidae	Carnivora	Mammalia
Hylocereus	Cactaceae	Caryophyllales	
Hylocharis	Trochilidae	Apodiformes	Aves
Hynobius	Hynobiidae	Caudata	Amphibia
Hyperoodon	Ziphiidae	Cetacea	Mammalia
Ibycter	Falconidae	Falconiformes	Aves
Iguana	Iguanidae	Sauria	Reptilia
Indopacetus	Ziphiidae	Cetacea	Mammalia
Indotestudo	Testudinidae	Testudines	Reptilia
Indri	Indriidae	Primates	Mammalia
Ionopsis	Orchidaceae	Orchidales	
Isochilus	Orchidaceae	Orchidales	
Isostichopus	Stichopodidae	Aspidochirotida	Holothuroidea
Jumellea	Orchidaceae	Orchidales	
Karusaurus	Cordylidae	Sauria	Reptilia
Kinixys	Testudinidae	Testudines	Reptilia
Kinyongia	Chamaeleonidae	Sauria	Reptilia
Klais	Trochilidae	Apodiformes	Aves
Kobus	Bovidae	Artiodactyla	Mammalia
Kogia	Physeteridae	Cetacea	Mammalia
Lagenodelphis	Delphinidae	Cetacea	Mammalia
Lagenorhynchus	Delphinidae	Cetacea	Mammalia
Lagostrophus	Macropodidae	Diprotodontia	Mammalia
Lagothrix	Atelidae	Primates	Mammalia
Lama	Camelidae	Artiodactyla	Mammalia
Lamna	Lamnidae	Lamniformes	Elasmobranchii
Lampornis	Trochilidae	Apodiformes	Aves
Lamprolaima	Trochilidae	Apodiformes	Aves
Lapemis	Hydrophiidae	Serpentes	Reptilia
Lathamus	Psittacidae	Psittaciformes	Aves
Lecanorchis	Orchidaceae	Orchidales	
Leioheterodon	Colubridae	Serpentes	Reptilia
Leiopathes	Leiopathidae	Antipatharia	Anthozoa
Leiopython	Pythonidae	Serpentes	Reptilia
Leiothrix	Muscicapidae	Passeriformes	Aves
Lemur	Lemuridae	Primates	Mammalia
Lemurophoenix	Palmae	Arecales	
Leopardus	Felidae	Carnivora	Mammalia
Lepanthes	Orchidaceae	Orchidales	
Lepidochelys	Cheloniidae	Testudines	Reptilia
Lepilemur	Lepilemuridae	Primates	Mammalia
Leptailurus	Felidae	Carnivora	Mammalia
Leptastrea	Faviidae	Scleractinia	Anthozoa
Leptoria	Faviidae	Scleractinia	Anthozoa
Leptoseris	Agariciidae	Scleractinia	Anthozoa
Lesbia	Trochilidae	Apodiformes	Aves
Leucippus	Trochilidae	Apodiformes	Aves
Leucochloris	Trochilidae	Apodiformes	Aves
Liasis	Pythonidae	Serpentes	Reptilia
Lillipathes	Schizopathidae	Antipatharia	Anthozoa
Lissodelphis	Delphinidae	Cetacea	Mammalia
Lissotis	Otididae	Gruiformes	Aves
Lithophyllon	Fungiidae	Scleractinia	Anthozoa
Lobophyllia	Mussidae	Scleractinia	Anthozoa
Lodoicea	Palmae	Arecales	
Lonchura	Estrildidae	Passeriformes	Aves
Lontra	Mustelidae	Carnivora	Mammalia
Lophelia	Caryophylliidae	Scleractinia	Anthozoa
Lophocebus	Cercopithecidae	Primates	Mammalia
Lophophorus	Phasianidae	Galliformes	Aves
Lophostrix	Strigidae	Strigiformes	Aves
Lorius	Loriidae	Psittaciformes	Aves
Loxodonta	Elephantidae	Proboscidea	Mammalia
Lutra	Mustelidae	Carnivora	Mammalia
Lutrogale	Mustelidae	Carnivora	Mammalia
Lycalopex	Canidae	Carnivora	Mammalia
Lycaste	Orchidaceae	Orchidales	
Lynx	Felidae	Carnivora	Mammalia
Macaca	Cercopithecidae	Primates	Mammalia
Macradenia	Orchidaceae	Orchidales	
Macrochelys	Chelydridae	Testudines	Reptilia
Macrotis	Thylacomyidae	Peramelemorphia	Mammalia
Macrozamia	Zamiaceae	Cycadales	
Madracis	Pocilloporidae	Scleractinia	Anthozoa
Malaxis	Orchidaceae	Orchidales	
Malayemys	Geoemydidae	Testudines	Reptilia
Mandrillus	Cercopithecidae	Primates	Mammalia
Manicina	Faviidae	Scleractinia	Anthozoa
Manis	Manidae	Pholidota	Mammalia
Manouria	Testudinidae	Testudines	Reptilia
Manta	Myliobatidae	Myliobatiformes	Elasmobranchii
Mantella	Mantellidae	Anura	Amphibia
Mauremys	Geoemydidae	Testudines	Reptilia
Maxillaria	Orchidaceae	Orchidales	
Mazama	Cervidae	Artiodactyla	Mammalia
Megaptera	Balaenopteridae	Cetacea	Mammalia
Melanosuchus	Alligatoridae	Crocodylia	Reptilia
Meleagris	Phasianidae	Galliformes	Aves
Melierax	Accipitridae	Falconiformes	Aves
Mellivora	Mustelidae	Carnivora	Mammalia
Melursus	Ursidae	Carnivora	Mammalia
Menyanthes	Menyanthaceae	Solanales	
Merulina	Merulinidae	Scleractinia	Anthozoa
Mesoplodon	Ziphiidae	Cetacea	Mammalia
Metallura	Trochilidae	Apodiformes	Aves
Micrastur	Falconidae	Falconiformes	Aves
Microcebus	Cheirogaleidae	Primates	Mammalia
Microcoelia	Orchidaceae	Orchidales	
Microhierax	Falconidae	Falconiformes	Aves
Micromussa	Mussidae	Scleractinia	Anthozoa
Micronisus	Accipitridae	Falconiformes	Aves
Micropsitta	Psittacidae	Psittaciformes	Aves
Millepora	Milleporidae	Milleporina	Hydrozoa
Milvago	Falconidae	Falconiformes	Aves
Milvus	Accipitridae	Falconiformes	Aves
Miopithecus	Cercopithecidae	Primates	Mammalia
Mirounga	Phocidae	Carnivora	Mammalia
Mirza	Cheirogaleidae	Primates	Mammalia
Monachus	Phocidae	Carnivora	Mammalia
Monodon	Monodontidae	Cetacea	Mammalia
Montastrea	Faviidae	Scleractinia	Anthozoa
Montipora	Acroporidae	Scleractinia	Anthozoa
Morelia	Pythonidae	Serpentes	Reptilia
Mormolyca	Orchidaceae	Orchidales	
Moschus	Moschidae	Artiodactyla	Mammalia
Moseleya	Faviidae	Scleractinia	Anthozoa
Mussa	Mussidae	Scleractinia	Anthozoa
Mustela	Mustelidae	Carnivora	Mammalia
Mycedium	Pectiniidae	Scleractinia	Anthozoa
Myiopsitta	Psittacidae	Psittaciformes	Aves
Myrmecophila	Orchidaceae	Orchidales	
Naja	Elapidae	Serpentes	Reptilia
Namazonurus	Cordylidae	Sauria	Reptilia
Nanger	Bovidae	Artiodactyla	Mammalia
Nannopsittaca	Psittacidae	Psittaciformes	Aves
Nardostachys	Valerianaceae	Dipsacales	
Nasalis	Cercopithecidae	Primates	Mammalia
Nasua	Procyonidae	Carnivora	Mammalia
Natator	Cheloniidae	Testudines	Reptilia
Nemaconia	Orchidaceae	Orchidales	
Neobathiea	Orchidaceae	Orchidales	
Neofelis	Felidae	Carnivora	Mammalia
Neophema	Psittacidae	Psittaciformes	Aves
Neophocaena	Phocoenidae	Cetacea	Mammalia
Neophron	Accipitridae	Falconiformes	Aves
Neopsephotus	Psittacidae	Psittaciformes	Aves
Neotis	Otididae	Gruiformes	Aves
Nepenthes	Nepenthaceae	Nepenthales	
Nervilia	Orchidaceae	Orchidales	
Nesoenas	Columbidae	Columbiformes	Aves
Nestor	Psittacidae	Psittaciformes	Aves
Nidema	Orchidaceae	Orchidales	
Ninox	Strigidae	Strigiformes	Aves
Northiella	Psittacidae	Psittaciformes	Aves
Notochelys	Geoemydidae	Testudines	Reptilia
Notylia	Orchidaceae	Orchidales	
Nyctea	Strigidae	Strigiformes	Aves
Nycticebus	Lorisidae	Primates	Mammalia
Oberonia	Orchidaceae	Orchidales	
Ocreatus	Trochilidae	Apodiformes	Aves
Oculina	Oculinidae	Scleractinia	Anthozoa
Odobenus	Odobenidae	Carnivora	Mammalia
Odocoileus	Cervidae	Artiodactyla	Mammalia
Odontochilus	Orchidaceae	Orchidales	
Oeceoclades	Orchidaceae	Orchidales	
Oeonia	Orchidaceae	Orchidales	
Oncidium	Orchidaceae	Orchidales	
Oophaga	Dendrobatidae	Anura	Amphibia
Operculicarya	Anacardiaceae	Sapindales	
Ophiophagus	Elapidae	Serpentes	Reptilia
Ophrys	Orchidaceae	Orchidales	
Opuntia	Cactaceae	Caryophyllales	
Orchis	Orchidaceae	Orchidales	
Orcinus	Delphinidae	Cetacea	Mammalia
Oreotrochilus	Trochilidae	Apodiformes	Aves
Ornithocephalus	Orchidaceae	Orchidales	
Ornithoptera	Papilionidae	Lepidoptera	Insecta
Ortalis	Cracidae	Galliformes	Aves
Orthopsittaca	Psittacidae	Psittaciformes	Aves
Oryx	Bovidae	Artiodactyla	Mammalia
Osteolaemus	Crocodylidae	Crocodylia	Reptilia
Osyris	Santalaceae	Santanales	
Otochilus	Orchidaceae	Orchidales	
Otolemur	Galagidae	Primates	Mammalia
Otus	Strigidae	Strigiformes	Aves
Oulastrea	Faviidae	Scleractinia	Anthozoa
Oulophyllia	Faviidae	Scleractinia	Anthozoa
Ovis	Bovidae	Artiodactyla	Mammalia
Oxypora	Pectiniidae	Scleractinia	Anthozoa
Pachypodium	Apocynaceae	Gentianales	
Pachyseris	Agariciidae	Scleractinia	Anthozoa
Paguma	Viverridae	Carnivora	Mammalia
Paleosuchus	Alligatoridae	Crocodylia	Reptilia
Palleon	Chamaeleonidae	Sauria	Reptilia
Pan	Hominidae	Primates	Mammalia
Panax	Araliaceae	Apiales	
Pandinus	Scorpionidae	Scorpiones	Arachnida
Pandion	Pandionidae	Falconiformes	Aves
Panthera	Felidae	Carnivora	Mammalia
Papilionanthe	Orchidaceae	Orchidales	
Papio	Cercopithecidae	Primates	Mammalia
Parabuteo	Accipitridae	Falconiformes	Aves
Paracyathus	Caryophylliidae	Scleractinia	Anthozoa
Paradoxurus	Viverridae	Carnivora	Mammalia
Parantipathes	Schizopathidae	Antipatharia	Anthozoa
Paroaria	Emberizidae	Passeriformes	Aves
Parotia	Paradisaeidae	Passeriformes	Aves
Patagona	Trochilidae	Apodiformes	Aves
Pavo	Phasianidae	Galliformes	Aves
Pavona	Agariciidae	Scleractinia	Anthozoa
Pavonia	Agariciidae	Scleractinia	Anthozoa
Pecari	Tayassuidae	Artiodactyla	Mammalia
Pectinia	Pectiniidae	Scleractinia	Anthozoa
Pelochelys	Trionychidae	Testudines	Reptilia
Peltocephalus	Podocnemididae	Testudines	Reptilia
Penelope	Cracidae	Galliformes	Aves
Pericopsis	Leguminosae	Fabales	
Peristylus	Orchidaceae	Orchidales	
Pernis	Accipitridae	Falconiformes	Aves
Perodicticus	Lorisidae	Primates	Mammalia
Pezoporus	Psittacidae	Psittaciformes	Aves
Phaethornis	Trochilidae	Apodiformes	Aves
Phaius	Orchidaceae	Orchidales	
Phalaenopsis	Orchidaceae	Orchidales	
Phelsuma	Gekkonidae	Sauria	Reptilia
Philantomba	Bovidae	Artiodactyla	Mammalia
Phlogophilus	Trochilidae	Apodiformes	Aves
Phocoena	Phocoenidae	Cetacea	Mammalia
Phoeniconaias	Phoenicopteridae	Ciconiiformes	Aves
Phoenicopterus	Phoenicopteridae	Ciconiiformes	Aves
Phreatia	Orchidaceae	Orchidales	
Phrynosoma	Iguanidae	Sauria	Reptilia
Phyllangia	Caryophylliidae	Scleractinia	Anthozoa
Phyllobates	Dendrobatidae	Anura	Amphibia
Physeter	Physeteridae	Cetacea	Mammalia
Physignathus	Agamidae	Sauria	Reptilia
Physogyra	Caryophylliidae	Scleractinia	Anthozoa
Picathartes	Muscicapidae	Passeriformes	Aves
Piliocolobus	Cercopithecidae	Primates	Mammalia
Pinus	Pinaceae	Pinales	
Pionites	Psittacidae	Psittaciformes	Aves
Pionopsitta	Psittacidae	Psittaciformes	Aves
Pionus	Psittacidae	Psittaciformes	Aves
Pithecia	Pitheciidae	Primates	Mammalia
Placotrochides	Flabellidae	Scleractinia	Anthozoa
Platalea	Threskiornithidae	Ciconiiformes	Aves
Platycercus	Psittacidae	Psittaciformes	Aves
Platygyra	Faviidae	Scleractinia	Anthozoa
Platylepis	Orchidaceae	Orchidales	
Platystele	Orchidaceae	Orchidales	
Pleione	Orchidaceae	Orchidales	
Plerogyra	Caryophylliidae	Scleractinia	Anthozoa
Plesiastrea	Faviidae	Scleractinia	Anthozoa
Pleurothallis	Orchidaceae	Orchidales	
Pocillopora	Pocilloporidae	Scleractinia	Anthozoa
Podabacia	Fungiidae	Scleractinia	Anthozoa
Podocnemis	Podocnemididae	Testudines	Reptilia
Podophyllum	Berberidaceae	Ranunculales	
Poicephalus	Psittacidae	Psittaciformes	Aves
Polemaetus	Accipitridae	Falconiformes	Aves
Polihierax	Falconidae	Falconiformes	Aves
Polyboroides	Accipitridae	Falconiformes	Aves
Polycyathus	Caryophylliidae	Scleractinia	Anthozoa
Polymyces	Flabellidae	Scleractinia	Anthozoa
Polyodon	Polyodontidae	Acipenseriformes	Actinopteri
Polyphyllia	Fungiidae	Scleractinia	Anthozoa
Polystachya	Orchidaceae	Orchidales	
Polytelis	Psittacidae	Psittaciformes	Aves
Ponera	Orchidaceae	Orchidales	
Pongo	Hominidae	Primates	Mammalia
Ponthieva	Orchidaceae	Orchidales	
Pontoporia	Iniidae	Cetacea	Mammalia
Porites	Poritidae	Scleractinia	Anthozoa
Potos	Procyonidae	Carnivora	Mammalia
Presbytis	Cercopithecidae	Primates	Mammalia
Prescottia	Orchidaceae	Orchidales	
Primolius	Psittacidae	Psittaciformes	Aves
Priodontes	Dasypodidae	Cingulata	Mammalia
Prionailurus	Felidae	Carnivora	Mammalia
Prioniturus	Psittacidae	Psittaciformes	Aves
Pristis	Pristidae	Pristiformes	Elasmobranchii
Probosciger	Cacatuidae	Psittaciformes	Aves
Procolobus	Cercopithecidae	Primates	Mammalia
Propithecus	Indriidae	Primates	Mammalia
Proteles	Hyaenidae	Carnivora	Mammalia
Prunus	Rosaceae	Rosales	
Psammobates	Testudinidae	Testudines	Reptilia
Psammocora	Siderastreidae	Scleractinia	Anthozoa
Psephotus	Psittacidae	Psittaciformes	Aves
Pseudeos	Loriidae	Psittaciformes	Aves
Pseudocirrhipathes	Antipathidae	Antipatharia	Anthozoa
Pseudois	Bovidae	Artiodactyla	Mammalia
Pseudorca	Delphinidae	Cetacea	Mammalia
Pseudorhipsalis	Cactaceae	Caryophyllales	
Pseudosiderastrea	Siderastreidae	Scleractinia	Anthozoa
Psilochilus	Orchidaceae	Orchidales	
Psittacula	Psittacidae	Psittaciformes	Aves
Psittacus	Psittacidae	Psittaciformes	Aves
Pterapogon	Apogonidae	Perciformes	Actinopteri
Pterocarpus	Leguminosae	Fabales	
Pterocnemia	Rheidae	Rheiformes	Aves
Pteroglossus	Ramphastidae	Piciformes	Aves
Pteropus	Pteropodidae	Chiroptera	Mammalia
Ptilopsis	Strigidae	Strigiformes	Aves
Ptiloris	Paradisaeidae	Passeriformes	Aves
Ptyas	Colubridae	Serpentes	Reptilia
Pucrasia	Phasianidae	Galliformes	Aves
Pulsatrix	Strigidae	Strigiformes	Aves
Puma	Felidae	Carnivora	Mammalia
Purpureicephalus	Psittacidae	Psittaciformes	Aves
Pyrrhura	Psittacidae	Psittaciformes	Aves
Python	Pythonidae	Serpentes	Reptilia
Pyxis	Testudinidae	Testudines	Reptilia
Quercus	Fagaceae	Fagales	
Ramphastos	Ramphastidae	Piciformes	Aves
Ramphomicron	Trochilidae	Apodiformes	Aves
Ranitomeya	Dendrobatidae	Anura	Amphibia
Rauvolfia	Apocynaceae	Gentianales	
Ravenea	Palmae	Arecales	
Rhacodactylus	Gekkonidae	Sauria	Reptilia
Rhampholeon	Chamaeleonidae	Sauria	Reptilia
Rhea	Rheidae	Rheiformes	Aves
Rhincodon	Rhincodontidae	Orectolobiformes	Elasmobranchii
Rhinoceros	Rhinocerotidae	Perissodactyla	Mammalia
Rhipsalis	Cactaceae	Caryophyllales	
Rhyncholaelia	Orchidaceae	Orchidales	
Rhyticeros	Bucerotidae	Coraciiformes	Aves
Rucervus	Cervidae	Artiodactyla	Mammalia
Rupicola	Cotingidae	Passeriformes	Aves
Sagittarius	Sagittariidae	Falconiformes	Aves
Saguinus	Cebidae	Primates	Mammalia
Saiga	Bovidae	Artiodactyla	Mammalia
Saimiri	Cebidae	Primates	Mammalia
Salvator	Teiidae	Sauria	Reptilia
Sandalolitha	Fungiidae	Scleractinia	Anthozoa
Sanzinia	Boidae	Serpentes	Reptilia
Sarcophyton	Orchidaceae	Orchidales	
Sarcoramphus	Cathartidae	Falconiformes	Aves
Sarkidiornis	Anatidae	Anseriformes	Aves
Saussurea	Compositae	Asterales	
Scaphirhynchus	Acipenseridae	Acipenseriformes	Actinopteri
Scaphyglottis	Orchidaceae	Orchidales	
Schistes	Trochilidae	Apodiformes	Aves
Schizopathes	Schizopathidae	Antipatharia	Anthozoa
Sclerhelia	Oculinidae	Scleractinia	Anthozoa
Scleropages	Osteoglossidae	Osteoglossiformes	Actinopteri
Scolymia	Mussidae	Scleractinia	Anthozoa
Selaginella	Selaginellaceae	Selaginellales	
Selasphorus	Trochilidae	Apodiformes	Aves
Semnopithecus	Cercopithecidae	Primates	Mammalia
Semnornis	Capitonidae	Piciformes	Aves
Senna	Leguminosae	Fabales	
Seriatopora	Pocilloporidae	Scleractinia	Anthozoa
Siderastrea	Siderastreidae	Scleractinia	Anthozoa
Siebenrockiella	Geoemydidae	Testudines	Reptilia
Sirhookera	Orchidaceae	Orchidales	
Smaug	Cordylidae	Sauria	Reptilia
Sobralia	Orchidaceae	Orchidales	
Sophronitis	Orchidaceae	Orchidales	
Spathoglottis	Orchidaceae	Orchidales	
Specklinia	Orchidaceae	Orchidales	
Sphaeropteris	Cyatheaceae	Cyatheales	
Spheniscus	Spheniscidae	Sphenisciformes	Aves
Sphyrna	Sphyrnidae	Carcharhiniformes	Elasmobranchii
Spiranthes	Orchidaceae	Orchidales	
Spizaetus	Accipitridae	Falconiformes	Aves
Stauropathes	Schizopathidae	Antipatharia	Anthozoa
Stelis	Orchidaceae	Orchidales	
Stenella	Delphinidae	Cetacea	Mammalia
Steno	Delphinidae	Cetacea	Mammalia
Stephanoaetus	Accipitridae	Falconiformes	Aves
Stereosandra	Orchidaceae	Orchidales	
Stichopathes	Antipathidae	Antipatharia	Anthozoa
Stigmochelys	Testudinidae	Testudines	Reptilia
Stilifolium	Orchidaceae	Orchidales	
Strix	Strigidae	Strigiformes	Aves
Strombus	Strombidae	Mesogastropoda	Gastropoda
Struthio	Struthionidae	Struthioniformes	Aves
Stylaraea	Poritidae	Scleractinia	Anthozoa
Stylaster	Stylasteridae	Stylasterina	Hydrozoa
Stylocoeniella	Astrocoeniidae	Scleractinia	Anthozoa
Stylophora	Pocilloporidae	Scleractinia	Anthozoa
Sunipia	Orchidaceae	Orchidales	
Surnia	Strigidae	Strigiformes	Aves
Swietenia	Meliaceae	Sapindales	
Symphyllia	Mussidae	Scleractinia	Anthozoa
Taeniophyllum	Orchidaceae	Orchidales	
Taphrospilus	Trochilidae	Apodiformes	Aves
Tapirus	Tapiridae	Perissodactyla	Mammalia
Tauraco	Musophagidae	Cuculiformes	Aves
Taxipathes	Schizopathidae	Antipatharia	Anthozoa
Taxus	Taxaceae	Pinales	
Tayassu	Tayassuidae	Artiodactyla	Mammalia
Teratoscincus	Gekkonidae	Sauria	Reptilia
Terrapene	Emydidae	Testudines	Reptilia
Testudo	Testudinidae	Testudines	Reptilia
Tethocyathus	Caryophylliidae	Scleractinia	Anthozoa
Thalurania	Trochilidae	Apodiformes	Aves
Thaumastura	Trochilidae	Apodiformes	Aves
Theropithecus	Cercopithecidae	Primates	Mammalia
Threnetes	Trochilidae	Apodiformes	Aves
Thrixspermum	Orchidaceae	Orchidales	
Thunia	Orchidaceae	Orchidales	
Tillandsia	Bromeliaceae	Bromeliales	
Topaza	Trochilidae	Apodiformes	Aves
Torgos	Accipitridae	Falconiformes	Aves
Touit	Psittacidae	Psittaciformes	Aves
Trachemys	Emydidae	Testudines	Reptilia
Trachyphyllia	Trachyphylliidae	Scleractinia	Anthozoa
Trachypithecus	Cercopithecidae	Primates	Mammalia
Tribolonotus	Scincidae	Sauria	Reptilia
Trichechus	Trichechidae	Sirenia	Mammalia
Trichocentrum	Orchidaceae	Orchidales	
Trichoglossus	Loriidae	Psittaciformes	Aves
Trichosalpinx	Orchidaceae	Orchidales	
Tridacna	Tridacnidae	Veneroida	Bivalvia
Trigonidium	Orchidaceae	Orchidales	
Trioceros	Chamaeleonidae	Sauria	Reptilia
Trochilus	Trochilidae	Apodiformes	Aves
Trochocyathus	Caryophylliidae	Scleractinia	Anthozoa
Trogonoptera	Papilionidae	Lepidoptera	Insecta
Troides	Papilionidae	Lepidoptera	Insecta
Tubastraea	Dendrophylliidae	Scleractinia	Anthozoa
Tubipora	Tubiporidae	Stolonifera	Anthozoa
Tupaia	Tupaiidae	Scandentia	Mammalia
Tupinambis	Teiidae	Sauria	Reptilia
Turbinaria	Dendrophylliidae	Scleractinia	Anthozoa
Tursiops	Delphinidae	Cetacea	Mammalia
Tylototriton	Salamandridae	Caudata	Amphibia
Tyto	Tytonidae	Strigiformes	Aves
Uncarina	Pedaliaceae	Scrophulariales	
Uncia	Felidae	Carnivora	Mammalia
Urochroa	Trochilidae	Apodiformes	Aves
Uromastyx	Agamidae	Sauria	Reptilia
Uroplatus	Gekkonidae	Sauria	Reptilia
Ursus	Ursidae	Carnivora	Mammalia
Vanda	Orchidaceae	Orchidales	
Vanilla	Orchidaceae	Orchidales	
Varanus	Varanidae	Sauria	Reptilia
Varecia	Lemuridae	Primates	Mammalia
Vicugna	Camelidae	Artiodactyla	Mammalia
Viverra	Viverridae	Carnivora	Mammalia
Vulpes	Canidae	Carnivora	Mammalia
Vultur	Cathartidae	Falconiformes	Aves
Xenochrophis	Colubridae	Serpentes	Reptilia
Xenoglaux	Strigidae	Strigiformes	Aves
Ziphius	Ziphiidae	Cetacea	Mammalia
Zygosicyos	Cucurbitaceae	Violales	
`;

/** Taxa above the genus (families, orders ...) traded as such, with their ranks. */
export const HIGHER_TAXON_RANKS = `
Acipenseridae hybrid	Acipenseridae	Acipenseriformes	Actinopteri
Acroporidae spp.	Acroporidae	Scleractinia	Anthozoa
Agariciidae spp.	Agariciidae	Scleractinia	Anthozoa
Antipatharia spp.		Antipatharia	Anthozoa
Apocynaceae spp.	Apocynaceae	Gentianales	
Aves			Aves
Balaenopteridae spp.	Balaenopteridae	Cetacea	Mammalia
Cactaceae spp.	Cactaceae	Caryophyllales	
Cetacea spp.		Cetacea	Mammalia
Chamaeleo jacksonii merumontanus			
Cheloniidae spp.	Cheloniidae	Testudines	Reptilia
Coralliidae spp.	Coralliidae	Gorgonacea	Anthozoa
Crocodylia spp.		Crocodylia	Reptilia
Cyatheaceae spp.	Cyatheaceae	Cyatheales	
Cycadaceae spp.	Cycadaceae	Cycadales	
Dendrophylliidae spp.	Dendrophylliidae	Scleractinia	Anthozoa
Elephantidae spp.	Elephantidae	Proboscidea	Mammalia
Euphorbiaceae spp.	Euphorbiaceae	Euphorbiales	
Faviidae spp.	Faviidae	Scleractinia	Anthozoa
Fungiidae spp.	Fungiidae	Scleractinia	Anthozoa
Hippopotamidae spp.	Hippopotamidae	Artiodactyla	Mammalia
Lemuridae spp.	Lemuridae	Primates	Mammalia
Lepidoptera spp.		Lepidoptera	Insecta
Lutrinae spp.	Mustelidae	Carnivora	Mammalia
Mammalia			Mammalia
Nymphalidae spp.	Nymphalidae	Lepidoptera	Insecta
Oculinidae spp.	Oculinidae	Scleractinia	Anthozoa
Orchidaceae spp.	Orchidaceae	Orchidales	
Otariidae spp.	Otariidae	Carnivora	Mammalia
Palmae spp.	Palmae	Arecales	
Papilionidae spp.	Papilionidae	Lepidoptera	Insecta
Pelophilus spp.			
Pholidota spp.		Pholidota	Mammalia
Plantae			
Pocilloporidae spp.	Pocilloporidae	Scleractinia	Anthozoa
Primates spp.		Primates	Mammalia
Pythonidae spp.	Pythonidae	Serpentes	Reptilia
Reptilia			Reptilia
Rhinocerotidae spp.	Rhinocerotidae	Perissodactyla	Mammalia
Scleractinia spp.		Scleractinia	Anthozoa
Strigidae spp.	Strigidae	Strigiformes	Aves
Stylasteridae spp.	Stylasteridae	Stylasterina	Hydrozoa
Testudines spp.		Testudines	Reptilia
Testudinidae spp.	Testudinidae	Testudines	Reptilia
Tupaiidae spp.	Tupaiidae	Scandentia	Mammalia
Zamiaceae spp.	Zamiaceae	Cycadales	
`;
