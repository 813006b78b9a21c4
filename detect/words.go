package detect

import "strings"

// wclass is the role of a word (or a fixed phrase) in a stance sentence.
type wclass uint8

const (
	wNone       wclass = iota
	wSign              // a finite joining verb: signed, joined, a signé, unterzeichnete, firmó
	wSignBase          // an infinitive or present joining verb: sign, join, signer, unterzeichnen, firmar
	wSignFut           // a future joining verb: signera, firmará, подпишет (announced)
	wDecl              // a refusing verb that needs an object: declined, refused, rejected
	wDeclStrong        // a refusal without object: absent, missing, stayed out, fehlen
	wModal             // will, would, intends, plans, expected, va, devrait, wird, soll, prevé
	wSpec              // may, might, could, should, must, considering: no stance
	wNeg               // not, never, n', pas, nicht, no, не
	wAux               // has, have, is, was, did, a, ont, hat, ha
	wPassBy            // by, par, von, por, da (after a participle)
	wListIntro         // include, including, such as, among them, notably
	wSignatory         // signatory, signataire, Unterzeichner, firmante
	wAmong             // among, parmi, unter, entre
	wCopula            // is, are, became, est, ist, es, son
	wConj              // and, &, et, und, y, as well as, along with
	wBreak             // but, while, mais, aber, pero, ; :
	wReport            // said, announced, told, a déclaré, sagte, dijo
	wRel               // which, who, qui, que
	wUrge              // urged, called on, asked, invited, exhorte, forderte, instó
	wWithout           // without, sans, ohne, sin, sem
	wCond              // if, whether, unless, si, wenn, ob
	wCount             // countries, states, companies, pays, Staaten, países
	wFill              // articles, adverbs and other words a subject list may contain
	wSelf              // we, nous, wir, nosotros, our company
	wPron              // it, they, il, elle, er, sie, él
	wInf               // to, de, zu, a (before an infinitive)
	wIn                // in (joined X in rejecting)
	wGerSign           // signing, backing, supporting
	wGerDecl           // rejecting, refusing, declining, snubbing
	wDid               // did, does, do (did sign / did not sign)
	wYet               // yet (has yet to sign), failed
	wNumber            // a number
	wSignNoun          // support, signature, adhesion (announced its support; apposé sa signature)
	wclassCount        // the number of classes
)

// wordLists maps each class to its words and phrases ("|" separated, written naturally
// and normalised at build time).
var wordLists = map[wclass]string{
	wSign: "appears on the list|appear on the list|is on the list|are on the list|was on the list|were on the list|figure sur la liste|figurent sur la liste|figura en la lista|figuran en la lista|steht auf der liste|stehen auf der liste|thrown its weight behind|thrown their weight behind|throws its weight behind|apporté son soutien|a apporté son soutien|ont apporté leur soutien|apporté leur soutien|apporte son soutien|is now part of|are now part of|has become part of|have become part of|became part of|is now a part of|dabei sind auch|sind auch dabei|ist auch dabei|sind mit dabei|ist mit dabei|associé à|associée à|associés à|associées à|se juntou|se juntaram|juntou|juntaram|uniu-se|uniram-se|associou-se|associaram-se|ha sottoscritto|hanno sottoscritto|s'est rallié|s'est ralliée|se sont ralliés|se sont ralliées|se rallie|se rallient|se incorporó|se incorporaron|se incorpora|se incorporan|se ha incorporado|se han incorporado|put its signature to|put their signature to|puts its signature to|put their signatures to|thrown its support behind|threw its support behind|throws its support behind|thrown their support behind|threw their support behind|lent its support to|lends its support to|lent their support to|lend their support to|s'est joint|s'est jointe|se sont joints|se sont jointes|se joint|se joignent|se suma|se suman|se adhiere|se adhieren|adhiere|adhieren|si è unita|si è unito|si sono uniti|si sono unite|aderisce|aderiscono|ha sostenuto|hanno sostenuto|ha semnat|a sprijinit|au sprijinit|s-a alăturat|s-au alăturat|a sprijinit|become a supporter|becomes a supporter|has become a supporter|become supporters|put its name to|put their names to|threw its weight behind|throws its weight behind|threw their weight behind|got behind|has backed|have backed|paraphé|a paraphé|ont paraphé|endossé|a endossé|endosse|mitgezeichnet|mitunterzeichnet|se unió|se unieron|se une|se unen|juntou-se|juntaram-se|ha suscrito|han suscrito|were added to the list|was added to the list|added to the list|have been added|has been added|sumamos|nos sumamos|firmamos|nos adherimos|adherimos|nos unimos|hemos firmado|avons signé|signons|rejoignons|avons rejoint|haben unterzeichnet|unterzeichnen wir|treten bei|formar parte de los firmantes|forma parte de los firmantes|faire partie des signataires|fait partie des signataires|be part of the signatories|be a signatory|be signatories|be a supporter|be among the signatories|be one of the signatories|be an early supporter|be among the first signatories|be among the first supporters|be a founding signatory|être signataire|ser firmante|respaldado|respaldada|apoyado|apoyada|suscrito|suscrita|adherido|sumado|firmado|firmada|assinou|subscrito|unterstützt worden|beigetreten|schloss|schlossen|signed up to|signs up|sign up to|joined as|became the latest|sottoscritto|firmato da|signed|signs|joined|joins|endorsed|endorses|backed|backs|supports|supported|signed on|signed up|signed onto|" +
		"became a signatory|become a signatory|becomes a signatory|became signatories|become signatories|became a supporter|became supporters|" +
		"added its name|added their names|added its signature|adhered|has adhered|pledged support|pledged its support|pledged their support|" +
		"is on board|are on board|came on board|answered the call|got on board|formally joined|" +
		"a signé|ont signé|signe|signent|signé|signée|signés|signa|signait|rejoint|rejoignent|ont rejoint|a rejoint|rejoignait|adhère|adhèrent|" +
		"a adhéré|ont adhéré|adhéré|soutient|soutiennent|a soutenu|ont soutenu|soutenu|s'est associé|s'est associée|se sont associés|s'associe|" +
		"est signataire|sont signataires|apposé sa signature|apposé son paraphe|appose sa signature|" +
		"unterzeichnet|unterzeichnete|unterzeichneten|unterschrieben|unterschrieb|unterschreibt|unterschreiben|beigetreten|tritt|trat|traten|" +
		"unterstützt|unterstützte|unterstützten|angeschlossen|schließt sich|schloss sich|schlossen sich|schliesst sich|schloß sich|" +
		"firmó|firmaron|firmado|firmada|firmados|firma|firman|ha firmado|han firmado|se adhirió|se adhirieron|adhirió|adhirieron|adherido|" +
		"se sumó|se sumaron|sumó|sumaron|sumado|se ha sumado|respalda|respaldó|respaldaron|respaldan|apoya|apoyó|apoyaron|apoyan|suscribió|suscribieron|" +
		"assinou|assinaram|assinado|assinada|assina|assinam|aderiu|aderiram|subscreveu|subscreveram|apoia|apoiou|apoiaram|" +
		"ha firmato|hanno firmato|firmato|firmata|ha aderito|hanno aderito|aderito|sottoscritto|sostiene|" +
		"a semnat|au semnat|semnat|a aderat|au aderat|" +
		"署名した|署名し|署名|参加した|参加|支持|签署|加入|支持了|서명했다|서명|참여|지지|가입",
	wSignBase: "throw its weight behind|throw their weight behind|apporter son soutien|unirse|unirnos|unirse al|juntar-se|unir-se|associar-se|semneze|adere|sprijini|sprijine|aderisca|firmi|sign|join|endorse|back|support|become a signatory|become a supporter|sign on|sign up|adhere|" +
		"signer|rejoindre|adhérer|soutenir|s'associer|devenir signataire|" +
		"unterzeichnen|unterschreiben|beitreten|beizutreten|zu unterzeichnen|zu unterschreiben|unterstützen|anschließen|anzuschließen|anschliessen|" +
		"firmar|firmarlo|adherirse|adherir|sumarse|respaldar|apoyar|suscribir|" +
		"assinar|aderir|apoiar|subscrever|firmare|aderire|sottoscrivere|semna|adera|" +
		"подписать|присоединиться|поддержать",
	wSignFut: "se unirá|se unirán|unirá|unirán|signera|signeront|rejoindra|rejoindront|adhérera|adhéreront|soutiendra|" +
		"firmará|firmarán|se sumará|se sumarán|se adherirá|se adherirán|respaldará|" +
		"assinará|assinarão|aderirá|aderirão|firmerà|firmeranno|aderirà|va semna|vor semna|" +
		"подпишет|подпишут|присоединится|присоединятся|" +
		"将签署|将加入|署名する予定|参加する予定|参加すると発表|署名する方針|서명할 예정|참여할 예정|참여할 계획|서명할 계획",
	wDecl: "recusou-se|recusaram-se|recusa-se|recusam-se|negou-se|negaram-se|rejeitaram|rejeita|rifiutata|rifiutati|rifiutate|rifiuta|rifiutano|rifiutò|si è rifiutata|si è rifiutato|si sono rifiutati|ha respinto|hanno respinto|respinto|a refuzat|au refuzat|refuzat|refuză|a respins|au respins|negado|se ha negado|se había negado|se han negado|rechazado|rehusado|rehusó|declined|declines|refused|refuses|rejected|rejects|abstained|snubbed|snubs|snub|shun|shuns|shunned|spurn|spurns|spurned|rebuff|rebuffs|rebuffed|boycotted|balked|refrained|" +
		"withheld|withholds|opted out|stayed out|sat out|stayed away|held out|pulled out|walked away|" +
		"a refusé|ont refusé|refuse|refusent|refusé|rejeté|a rejeté|ont rejeté|rejette|boudé|boude|boudent|a boudé|ont boudé|s'est abstenu|" +
		"lehnt|lehnte|lehnten|abgelehnt|verweigert|verweigerte|verweigerten|" +
		"rechazó|rechazaron|rechaza|rechazan|se negó|se negaron|negó|negaron|se niega|se niegan|" +
		"recusou|recusaram|recusa|rejeitou|rifiutato|ha rifiutato|hanno rifiutato|respins|a refuzat|" +
		"отказался|отказалась|отказались|отказалось|拒绝|拒否|見送|거부|رفض|رفضت",
	wDeclStrong: "refusal|refusal to sign|refus de signer|weigerung|negativa a firmar|no estaban entre ellos|no están entre ellos|were not among them|are not among them|not among them|n'en faisaient pas partie|n'en font pas partie|nicht darunter|waren nicht darunter|sind nicht darunter|waren nicht dabei|sind nicht dabei|holdout|holdouts|hold-outs|notable holdouts|not on the list|not on the official list|is not on the list|are not on the list|n'y figure pas|steht nicht auf der liste|stehen nicht auf der liste|no está en la lista|no están en la lista|conspicuous absence|notably absent|manquent à|manque à|manquaient à|stays out|stay out|staying out|kept out|keeps out|remain outside|remains outside|remained outside|has remained outside|have remained outside|reste en dehors|restent en dehors|est resté en dehors|sont restés en dehors|reste à l'écart|restent à l'écart|est resté à l'écart|sont restés à l'écart|se tient à l'écart|se tiennent à l'écart|se mantiene al margen|se mantienen al margen|se ha mantenido al margen|sigue fuera|siguen fuera|se quedó fuera|se quedaron fuera|quedó fuera|quedaron fuera|bleibt außen vor|bleiben außen vor|blieb außen vor|blieben außen vor|resta fuori|restano fuori|è rimasta fuori|è rimasto fuori|sono rimasti fuori|fica de fora|ficam de fora|ficou de fora|ficaram de fora|permanece fora|permanecem fora|has stayed out|have stayed out|absent|missing|absent from|absentees|notable absentees|conspicuously absent|missing from|was missing|were missing|" +
		"not among|is not among|are not among|were not among|was not among|absence|sat out|stayed out|" +
		"absents|absente|absentes|manque à l'appel|manquent à l'appel|manquaient à l'appel|ne figure pas|ne figurent pas|" +
		"fehlen|fehlt|fehlte|fehlten|nicht dabei|fehlend|" +
		"ausente|ausentes|no figura|no figuran|no figuraban|não figura|ausência|ausencia|" +
		"不参加|불참",
	wModal: "intention|intent|intentions|intención|intencao|intenção|intenzione|allait|allaient|iba|iban|ging|will|would|'ll|shall|intends|intend|intended|plans|plan|planned|planning|expected|is expected|are expected|set|poised|" +
		"going|committed|commits|pledged|promised|vowed|vows|agreed|agrees|wants|wanted|hopes|aims|decided|announced it would|" +
		"announced that it would|announced it will|is to|are to|is due|prepares|preparing|ready|willing|" +
		"va|vont|devrait|devraient|compte|comptent|entend|entendent|prévoit|prévoient|s'est engagé|s'engage|s'engagent|s'apprête|" +
		"wird|werden|will|wollen|wollte|soll|sollen|beabsichtigt|plant|planen|kündigte an|möchte|bereit|" +
		"va a|van a|iba a|prevé|prevén|tiene previsto|tienen previsto|planea|planean|pretende|pretenden|quiere|se comprometió|" +
		"vai|vão|pretende|deverá|irá|intende|intendono|" +
		"намерен|намерена|намерены|планирует|планируют|собирается|собираются|予定|方針|将|计划|打算|准备|예정|계획|سوف|يعتزم|تعتزم",
	wSpec: "may|might|could|should|must|ought|considering|studying|is studying|estudia|estudian|étudie|étudient|prüft|prüfen|considers|mulls|mulling|weighing|consider|debating|" +
		"pourrait|pourraient|doit|doivent|envisage|envisagent|könnte|könnten|sollte|sollten|muss|müssen|erwägt|" +
		"podría|podrían|debería|deberían|debe|deben|considera|poderia|deveria|potrebbe|dovrebbe|может|могла|могут|должна|должны",
	wNeg: "nu|n-a|n-au|weder|noch|neither|tampoco|non plus|nem|neppure|nemmeno|auch nicht|noch nicht|ni|not|n't|never|no longer|neither|nor|cannot|didn't|doesn't|don't|hasn't|haven't|hadn't|won't|wouldn't|isn't|aren't|wasn't|weren't|" +
		"ne|n'|pas|jamais|nicht|kein|keine|keinen|nie|niemals|no|nunca|ni|não|nao|non|не|нет|没有|未|不|しない|せず|していない|않|않았다|않았|않는다|لم|لا|ليس",
	wAux: "fost|sido|stato|stata|avait|avaient|avons|avez|hatte|hatten|había|habían|tinha|aveva|avevano|has|have|had|is|are|was|were|been|be|being|did|does|do|having|" +
		"a|ont|avait|avaient|est|sont|était|été|hat|haben|hatte|hatten|ist|sind|war|waren|wurde|wurden|worden|" +
		"ha|han|había|habían|es|son|fue|fueron|tem|têm|foi|foram|hanno|è|sono|au|este|sunt",
	wPassBy: "by|par|von|por|pelo|pela|pelos|da|dal|dalla|dai|de către",
	wListIntro: "à l'instar de|a l'instar de|в том числе|включая|entre ellos|darunter auch|among them|among others|include|includes|included|including|such as|like|notably|namely|among them|among which|among others|comprise|comprises|" +
		"incluant|dont|notamment|parmi lesquels|parmi lesquelles|comme|tels que|telles que|figurent|figure|" +
		"darunter|unter anderem|etwa|wie|gehören|gehört|gehörten|zählen|zählt|" +
		"incluyen|incluye|incluido|incluidos|entre ellos|entre ellas|como|figuran|figura|destacan|" +
		"incluem|inclui|incluindo|entre eles|tra cui|tra questi|compresi",
	wSignatory: "signatory|signatories|signatory states|signers|supporters|backers|endorsers|early supporter|early supporters|founding signatory|" +
		"first signatories|supporter|" +
		"signataire|signataires|soutiens|premiers signataires|" +
		"Unterzeichner|Unterzeichnern|Unterzeichnerstaaten|Unterstützer|Unterstützern|Erstunterzeichner|Erstunterzeichnern|" +
		"firmante|firmantes|signatario|signatarios|adherentes|países firmantes|signatários|signatárias|firmatari|firmatario|semnatari|" +
		"подписанты|подписантов|подписантами|署名国|参加国|签署国|서명국|참여국|الموقعين",
	wAmong: "uno de|una de|l'un des|l'une des|einer der|eines der|eine der|um dos|uma das|uno dei|una delle|unul dintre|among|amongst|one of|parmi|unter|zu den|entre|tra|fra|printre|среди",
	wCopula: "être|d'être|sein|ser|estar|estamos|somos|is|are|was|were|became|become|becomes|remains|remain|" +
		"est|sont|était|devient|devenu|devenue|ist|sind|war|waren|wurde|es|son|era|fue|se convirtió|é|são|è|sono|este|sunt",
	wConj: "così come|as did|as has|as have|so did|so has|so have|や|tout comme|just like|ou encore|or even|y también|e ancora|or|ou|oder|o|ou bien|either|ebenso wie|al igual que|come anche|de même que|as well as|and|&|et|und|y|e|i|as well as|along with|together with|alongside|plus|ainsi que|aux côtés de|de même que|sowie|zusammen mit|neben|" +
		"así como|junto con|junto a|além de|assim como|insieme a|oltre a|и|а также|와|과|및|と|和|及|و",
	wBreak: "except|excepting|except for|sauf|excepté|à l'exception de|außer|ausgenommen|excepto|salvo|exceto|tranne|eccetto|even as|even though|despite|malgré|trotz|pese a|a pesar de|but|while|whereas|although|though|however|yet while|unlike|meanwhile|" +
		"mais|alors que|tandis que|cependant|pourtant|toutefois|contrairement|aber|während|doch|jedoch|anders als|" +
		"pero|mientras|mientras que|sin embargo|aunque|a diferencia de|mas|enquanto|porém|ma|mentre|invece|но|однако|тогда как|" +
		"但|而|하지만|그러나|しかし|لكن",
	wReport: "said|says|say|told|stated|noted|added|adds|confirmed|confirms|declared|declares|wrote|writes|explained|argued|insisted|" +
		"announced|announces|announce|according to|reported|reports|tweeted|" +
		"a déclaré|a dit|a affirmé|a annoncé|ont annoncé|annonce|selon|affirme|estime|explique|précise|indique|" +
		"sagte|sagt|erklärte|erklärt|betonte|teilte mit|laut|kündigte|verkündete|" +
		"dijo|afirmó|declaró|anunció|anuncia|señaló|según|explicó|indicó|disse|afirmou|anunciou|segundo|ha detto|ha annunciato|secondo|" +
		"заявил|заявила|заявили|сообщил|сообщила|сообщили|по словам",
	wRel: "which|who|whom|whose|that|qui|lequel|laquelle|welche|welcher|quien|quienes|cual|que|qu'|onde|il quale|che|который|которая|которые",
	wUrge: "hoped|hope|wished|wish|espère|espérait|hofft|hoffte|hoffen|espera|esperaba|spera|sperava|urged|urges|urging|called on|calls on|calling on|called upon|asked|asks|invited|invites|encouraged|encourages|pressed|presses|pushed|" +
		"pressured|appealed to|persuade|persuaded|convince|convinced|" +
		"exhorte|exhorté|appelle|appelé|invite|invité|invitent|demande|demandé|pousse|poussé|encourage|" +
		"fordert|forderte|forderten|aufgefordert|rief|ruft|appelliert|appellierte|drängt|drängte|" +
		"instó|insta|pidió|pide|invitó|exhortó|exhorta|llamó a|llama a|pediu|convidou|instou|ha invitato|chiesto|" +
		"призвал|призвала|призвали|призывает",
	wWithout: "without|sans|ohne|sin|sem|senza|без",
	wCond:    "if|whether|unless|once|si|s'il|s'ils|wenn|falls|ob|sofern|caso|если|もし|如果|만약",
	wCount: "plusieurs|centaines|dizaines|milliers|cinquantaine|quarantaine|vingtaine|trentaine|centaine|hundreds|dozens|thousands|several|numerous|various|cientos|decenas|miles|varios|varias|numerosas|numerosos|hunderte|dutzende|tausende|mehrere|zahlreiche|nombreuses|nombreux|countries|states|nations|governments|companies|firms|corporations|organisations|organizations|entities|members|groups|businesses|" +
		"others|tech|giants|supporters|actors|stakeholders|signatories|universities|ngos|cities|" +
		"pays|états|etats|gouvernements|entreprises|sociétés|organisations|acteurs|membres|autres|" +
		"staaten|länder|regierungen|unternehmen|konzerne|firmen|organisationen|mitglieder|andere|" +
		"países|estados|gobiernos|empresas|compañías|organizaciones|miembros|otros|otras|aziende|paesi|stati|altri|altre|" +
		"state|țări|companii|государств|стран|компаний|организаций",
	wFill: "nel|nella|nei|negli|only|solo|soltanto|solamente|seulement|erst|multinationales|multinational|multinationals|internationales|international|americaines|americain|american|europeennes|europeens|european|francaises|francais|french|allemandes|german|britanniques|british|chinoises|chinese|russes|russian|y|ainsi|notamment|en particulier|especially|particularly|city|town|municipality|province|region|republic|kingdom|ville|stadt|ciudad|cidade|citta|county|ihn|ihm|lo|les|leur|bislang|bisher|inzwischen|mittlerweile|hasta ahora|jusqu'ici|en cambio|en revanche|dagegen|hingegen|in contrast|by contrast|por su parte|de son côté|ihrerseits|gleichzeitig|zudem|außerdem|ebenfalls|también|aussi|además|se|sich|hoy|heute|aujourd'hui|today|d'être|être|sein|ser|estar|finalement|schließlich|the|a|an|also|too|all|both|now|officially|formally|already|so far|other|its|their|his|her|them|then|finally|recently|" +
		"quickly|publicly|later|earlier|last|this|that|these|those|week|year|month|today|yesterday|monday|tuesday|wednesday|thursday|friday|" +
		"saturday|sunday|on|in|at|of|for|over|more|than|some|several|dozens|hundreds|many|most|about|nearly|almost|around|some|" +
		"government|governments|administration|federal|(|)|\"|'|-|tech|giant|firm|company|group|major|leading|big|large|" +
		"le|la|les|l'|de|des|du|d'|aussi|également|tous|toutes|deux|déjà|officiellement|désormais|mardi|lundi|mercredi|jeudi|vendredi|" +
		"gouvernement|autres|plus|de plus|environ|quelque|" +
		"der|die|das|den|dem|des|ein|eine|einen|auch|alle|beide|bereits|schon|offiziell|nun|jetzt|inzwischen|am|im|an|zum|zur|" +
		"montag|dienstag|mittwoch|donnerstag|freitag|regierung|weitere|mehr|als|rund|etwa|" +
		"el|los|las|al|del|un|una|unos|también|todos|ambos|ya|oficialmente|ahora|lunes|martes|miércoles|jueves|viernes|gobierno|" +
		"más|de|otros|unas|o|os|as|do|dos|das|um|uma|também|governo|il|lo|gli|anche|" +
		"также|уже|официально|тоже|は|が|も|に|を|の|「|」|『|』|也|已|已经|了|은|는|이|가|도|를|을|에|قد|أيضا",
	wSelf: "estamos|somos|nos|sommes|nous sommes|wir sind|we|we've|we're|nous|wir|nosotros|nosotras|hemos|nós|noi|мы|our company|our organisation|our organization|our firm|notre entreprise|notre organisation|unser unternehmen|nuestra empresa|nuestra organización|弊社|当社|我们|우리",
	wPron: "the previous administration|previous administration|the former administration|former administration|the prior administration|the previous government|previous government|the former government|l'administration précédente|administration précédente|le gouvernement précédent|l'ancienne administration|la administración anterior|administración anterior|el gobierno anterior|die vorherige regierung|vorherige regierung|die frühere regierung|die vorgängerregierung|vorgängerregierung|a administração anterior|o governo anterior|l'amministrazione precedente|il governo precedente|إدارة الرئيس السابق|الإدارة السابقة|son pays|leur pays|sein land|ihr land|su país|his country|her country|its country|their country|the country|le pays|el país|das land|o país|il paese|the company|the firm|the group|l'entreprise|le groupe|das unternehmen|der konzern|la empresa|la compañía|it|they|he|she|il|elle|ils|elles|er|sie|él|ella|ellos|ellas|ele|ela|eles|elas|esso|essa|он|она|они|它|他们",
	wInf:  "to|de|d'|zu|à|a|para|di|să",
	wIn:   "in|en|bei|dans",
	wDid:  "did|does|do|didn't|doesn't|don't",
	wYet:  "yet|failed|fails|fail|has yet|have yet|is yet|are yet|refrained from|omitted|neglected|encore|toujours pas|noch nicht|todavía no|aún no|ainda não|ещё не|еще не",
	wGerSign: "التوقيع|الانضمام|signing|backing|supporting|endorsing|joining|signing on|signing up to|adhering|" +
		"signant|soutenant|rejoignant|firmando|apoyando|respaldando|sumándose|assinando|unterzeichnen",
	wGerDecl: "rejecting|refusing|declining|snubbing|boycotting|shunning|opposing|withholding|" +
		"refusant|rejetant|boudant|rechazando|negándose|recusando|abzulehnen",
	wSignNoun: "apoyo|respaldo|soutien|unterstützung|apoio|sostegno|its support|their support|his support|her support|son soutien|leur soutien|ihre Unterstützung|seine Unterstützung|su apoyo|su respaldo|seu apoio|" +
		"accession|endorsement|signature|adhesion|adhésion|Beitritt|Unterschrift|adhesión|adesão|adesione",
}

// wordEntry is one classified word or phrase.
type wordEntry struct {
	words []string
	class wclass
}

// wordInfo is what the stance rules know of a word, found with one look-up: the phrases
// of the lexicon it begins (longest first), and whether it may be part of an
// organisation's name (orgKeywords, authorityHeads).
type wordInfo struct {
	phrases []wordEntry
	orgWord bool
	// bySecond, for a word that begins many phrases ("se", "a", "is"), holds for each
	// second word the phrases that continue with it, then the word alone if it is one;
	// alone holds just the latter. Same order as phrases: the first that matches wins.
	bySecond map[string][]wordEntry
	alone    []wordEntry
}

// candidates returns the phrases that may start with w followed by next ("" at the end).
func (info *wordInfo) candidates(next string) []wordEntry {
	if info.bySecond == nil {
		return info.phrases
	}
	if l, ok := info.bySecond[next]; ok {
		return l
	}
	return info.alone
}

// manyPhrases is the number of phrases from which a word's are indexed by second word.
const manyPhrases = 8

// lexiconIndex maps a word to what the stance rules know of it. Most words of a text are
// in no list: a bit of a hashed set (8 KB, which the cache keeps) turns them away before
// the map, whose values are small indexes so that more of it fits the cache too.
type lexiconIndex struct {
	ids   map[string]int32 // word → its index in infos
	infos []wordInfo
	known [1 << 16 / 64]uint64 // wordHash of every word in ids
}

// wordHash hashes a word's length and its first, middle and last bytes to 16 bits.
func wordHash(w string) uint16 {
	return uint16((uint32(len(w))<<24 | uint32(w[0])<<16 | uint32(w[len(w)/2])<<8 | uint32(w[len(w)-1])) * 2654435761 >> 16)
}

// lookup returns what the rules know of w (nothing: the zero wordInfo), read-only.
func (x *lexiconIndex) lookup(w string) *wordInfo {
	if w == "" || !hasBit(&x.known, wordHash(w)) {
		return &noWord
	}
	if i, ok := x.ids[w]; ok {
		return &x.infos[i]
	}
	return &noWord
}

// noWord is what the rules know of a word in no list.
var noWord wordInfo

// precedence decides which class a word gets when it is in several lists.
var precedence = []wclass{
	wSignFut, wGerSign, wGerDecl, wSignatory, wDeclStrong, wDecl, wSignNoun, wSign, wSignBase, wYet, wNeg, wDid, wSpec, wUrge, wModal,
	wWithout, wCond, wReport, wBreak, wAmong, wListIntro, wPassBy, wSelf, wPron, wConj, wRel, wCopula, wAux, wIn, wInf, wCount, wFill,
}

func buildWordIndex() *lexiconIndex {
	idx := map[string]wordInfo{}
	seen := map[string]bool{}
	for _, c := range precedence {
		for _, phrase := range strings.Split(wordLists[c], "|") {
			n := normalizeString(phrase)
			if n == "" {
				continue
			}
			words := tokenizePhrase(n)
			if len(words) == 0 {
				continue
			}
			key := strings.Join(words, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			info := idx[words[0]]
			info.phrases = append(info.phrases, wordEntry{words: words, class: c})
			idx[words[0]] = info
		}
	}
	for k, info := range idx {
		// longest phrase first
		list := info.phrases
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		if len(list) >= manyPhrases {
			info.bySecond = map[string][]wordEntry{}
			for _, e := range list {
				if len(e.words) == 1 {
					info.alone = append(info.alone, e)
				} else {
					info.bySecond[e.words[1]] = append(info.bySecond[e.words[1]], e)
				}
			}
			for w, l := range info.bySecond {
				info.bySecond[w] = append(l, info.alone...)
			}
		}
		idx[k] = info
	}
	for _, words := range []map[string]bool{orgKeywords, authorityHeads} {
		for w := range words {
			info := idx[w]
			info.orgWord = true
			idx[w] = info
		}
	}
	x := &lexiconIndex{ids: make(map[string]int32, len(idx))}
	for w, info := range idx {
		if w == "" {
			continue
		}
		x.ids[w] = int32(len(x.infos))
		x.infos = append(x.infos, info)
		setBit(&x.known, wordHash(w))
	}
	return x
}

// tokenizePhrase splits a normalised phrase the way sentences are tokenised.
func tokenizePhrase(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		out = append(out, s[t.start:t.end])
	}
	return out
}

// cyrillicStems classify inflected Russian words by prefix.
var cyrillicStems = []struct {
	prefix string
	class  wclass
}{
	{"подпишет", wSignFut}, {"подпишут", wSignFut}, {"присоединится", wSignFut}, {"присоединятся", wSignFut},
	{"подписал", wSign}, {"подписан", wSign}, {"подписать", wSignBase}, {"присоединил", wSign}, {"присоединиться", wSignBase},
	{"поддержал", wSign}, {"поддерживает", wSign}, {"поддерживают", wSign}, {"поддержать", wSignBase},
	{"отказал", wDecl}, {"отказыва", wDecl}, {"подписант", wSignatory},
}

// cjkCues classify runs of Han, kana, Hangul and Arabic text that contain them.
var cjkCues = []struct {
	text  string
	class wclass
}{
	{"参加すると発表", wSignFut}, {"署名する予定", wSignFut}, {"参加する予定", wSignFut}, {"署名する方針", wSignFut},
	{"将签署", wSignFut}, {"将加入", wSignFut}, {"서명할 예정", wSignFut}, {"참여할 예정", wSignFut}, {"참여할 계획", wSignFut},
	{"ستوقع", wSignFut}, {"سيوقع", wSignFut}, {"ستنضم", wSignFut}, {"سينضم", wSignFut},
	{"拒绝", wDecl}, {"拒否", wDecl}, {"見送", wDeclStrong}, {"不参加", wDeclStrong}, {"불참", wDeclStrong}, {"거부", wDecl}, {"رفض", wDecl},
	{"署名", wSign}, {"参加", wSign}, {"賛同", wSign}, {"签署", wSign}, {"加入", wSign}, {"서명", wSign}, {"참여", wSign}, {"가입", wSign},
	{"وقع", wSign}, {"انضم", wSign}, {"دعم", wSign},
}

// cjkNeg are negations inside such runs.
var cjkNeg = []string{"しない", "せず", "していない", "しなかった", "没有", "未", "不", "않", "لم"}
