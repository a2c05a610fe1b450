/**
 * Hand-written word lists per supported language (en, es, pt, fr, de, it, pl, ru, tr, ro, plus a few for
 * language detection). Small on purpose: the trained model carries most of the signal; these give it
 * features that generalise to languages and phrasings it saw little of.
 */

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);
const set = (...lists: string[]): ReadonlySet<string> => new Set(lists.flatMap(words));

/** Words that open a negation scope. English "n't" contractions are caught by suffix. */
export const NEGATORS = set(
  'not no never neither nor none nobody nothing nowhere cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt aint without hardly',
  'no nunca jamás jamas ni tampoco nada nadie ningún ninguna sin', // es
  'não nao nunca jamais nem nada ninguém nenhum nenhuma sem', // pt
  'ne pas jamais rien personne aucun aucune sans plus', // fr ("plus" only in "ne ... plus" but cheap)
  'nicht kein keine keinen keinem keiner nie niemals nichts niemand ohne', // de
  'non mai niente nessuno nessuna né senza', // it
  'nie nigdy żaden żadna żadne nic nikt bez', // pl
  'не нет никогда ни ничего никто без нету', // ru
  'değil yok hiç asla hiçbir', // tr
  'nu niciodată nimic nimeni niciun nicio fără', // ro
);

/** Words that end a negation scope early ("not great, but fine"). */
export const SCOPE_BREAKERS = set('but however although though pero mas mais aber ma ale но ama dar');

export const INTENSIFIERS = set(
  'very so really extremely too super totally absolutely completely incredibly truly highly most such',
  'muy tan muito demais très trop vraiment sehr echt wirklich total molto troppo davvero bardzo naprawdę очень слишком действительно çok gerçekten foarte prea chiar',
);

/** Interrogative words (a question cue when they open the text or a clause). */
export const INTERROGATIVES = set(
  'what why how when where who whom whose which is are do does did can could would will should shall may has have was were am anyone anybody any',
  "what's who's where's how's when's why's whats wheres hows whos isn't aren't don't doesn't didn't can't won't wouldn't couldn't shouldn't haven't hasn't wasn't weren't",
  'qué que por porqué cuándo cuando dónde donde quién quien cómo como cuál cual cuánto cuanto', // es
  'o quê porque porquê quando onde quem como qual quanto será alguém', // pt
  'pourquoi comment quand où qui quoi quel quelle quels quelles combien est-ce', // fr
  'warum wieso weshalb wie wann wo wer was welche welcher welches kann könnt können gibt', // de
  'perché perche come quando dove chi cosa quale quanto', // it
  'dlaczego czemu jak kiedy gdzie kto co który która czy ile', // pl
  'почему зачем как когда где кто что какой какая сколько ли разве', // ru
  'neden niye niçin nasıl ne zaman nerede kim hangi kaç mı mi mu mü', // tr
  'de ce cum când unde cine ce care cât oare', // ro
);

/**
 * Words that do not count as the opening of a clause for the interrogative cue: conjunctions, greetings and
 * fillers ("so what's a good novel?", "hey, can anyone help?", "pero ¿por qué?").
 */
export const OPENERS = set(
  'so and but or also hey hi hello ok okay well then now please pls plz btw oh just',
  'y pero entonces hola oye', // es
  'e mas então entao oi olá ola', // pt
  'et mais alors bonjour salut', // fr
  'und aber also hallo', // de
  'ma allora ciao', // it
  'ale hej cześć', // pl
  'а и но так привет', // ru
);

/** Praise and thanks. */
export const PRAISE_CUES = set(
  'love loved loving thank thanks thx ty great awesome amazing excellent best fantastic brilliant perfect superb wonderful kudos impressed recommend outstanding incredible favourite favorite lovely helpful congrats congratulations',
  'gracias genial excelente increíble encanta encantó perfecto mejor recomiendo', // es
  'obrigado obrigada ótimo otimo excelente incrível adoro adorei perfeito melhor recomendo', // pt
  'merci génial genial excellent parfait adore meilleur recommande bravo top', // fr
  'danke super toll klasse perfekt ausgezeichnet großartig liebe beste empfehle', // de
  'grazie ottimo fantastico perfetto adoro migliore consiglio bravi', // it
  'dziękuję dzięki świetny super polecam najlepszy doskonały genialny', // pl
  'спасибо отличный отлично супер класс лучший рекомендую прекрасно', // ru
  'teşekkürler teşekkür harika mükemmel süper tavsiye müthiş', // tr
  'mulțumesc multumesc excelent minunat perfect super recomand', // ro
);

/** Words typical of customer complaints (service failures, waiting, refunds). */
export const COMPLAINT_CUES = set(
  'worst terrible awful horrible useless unacceptable disappointed disappointing refund broken still waiting delayed delay cancelled canceled rude ridiculous pathetic scam fix issue problem error fail failed failing crashed crash nobody never charged overcharged lost missing hold complaint complain wtf',
  'peor terrible pésimo pesimo reembolso roto esperando problema queja estafa nadie', // es
  'pior péssimo pessimo reembolso quebrado esperando problema reclamação golpe ninguém', // pt
  'pire nul horrible remboursement cassé attente problème plainte arnaque déçu', // fr
  'schlechteste schrecklich furchtbar erstattung kaputt warte problem beschwerde betrug enttäuscht', // de
  'peggiore terribile pessimo rimborso rotto aspetto problema reclamo truffa deluso', // it
  'najgorszy okropny fatalny zwrot zepsuty czekam problem reklamacja oszustwo', // pl
  'худший ужасный ужасно возврат сломан жду проблема жалоба обман развод', // ru
  'berbat rezalet iade bozuk bekliyorum sorun şikayet dolandırıcı', // tr
  'cel mai prost groaznic rambursare stricat aștept problemă reclamație țeapă', // ro
);

/** Emoticon polarity in [-1, 1]. Anything unlisted is looked up by its first/last character. */
export function emoticonPolarity(e: string): number {
  // Bracket runs ("))", "((", Russian / Polish smileys); a single bracket is usually just a parenthesis.
  if (e === '))') return 1;
  if (e === '((') return -1;
  if (e === ')' || e === '(') return 0;
  if (/^<\/3/.test(e)) return -1;
  if (/^<3/.test(e)) return 1;
  if (/^\^_*\^$/.test(e)) return 1;
  if (/^[tT]_+[tT]$/.test(e)) return -1;
  if (/^-_+-$/.test(e)) return -0.5;
  if (/^[oO]_[oO]$/.test(e)) return -0.2;
  if (/^[xX]/.test(e)) return /[(]/.test(e) ? -1 : 1;
  if (/^[:;=8]/.test(e)) {
    const mouth = e.slice(-1);
    if (/[)\]dDpP*3}]/.test(mouth)) return 1;
    if (/[([{]/.test(mouth)) return -1;
    if (/[/\\|@$]/.test(mouth)) return -0.5;
    return 0;
  }
  if (/^[)\]]/.test(e)) return -1;
  if (/^[([]/.test(e)) return 1;
  return 0;
}

/**
 * The most frequent function words per language, for fast language detection of Latin-script text.
 * Shared words ("de", "la", "no") count for every language that lists them; the margin rule decides.
 */
export const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: set(
    "the a an and is are was were be been to of in on at for with this that it its i you he she we they my your our me not but or so just have has had do does did what why how when where who will would can could should i'm don't it's there here from as by about get got if all out up",
  ),
  es: set(
    'el la los las un una y es en de del que no por para con se lo le mi su muy pero porque qué como cuando está están estoy soy son fue hay me te nos esto esta este ya también todo más gracias al yo tu eso',
  ),
  pt: set(
    'o a os as um uma e é em de do da dos das que não por para com se eu meu minha você muito mas porque como quando está estão sou são foi tem isso esta este já também tudo mais obrigado vc no na ao pra',
  ),
  fr: set(
    "le la les un une et est en de du des que qui ne pas pour avec se je tu il elle nous vous mon ma mes très mais parce comment quand c'est ce cette ça sont suis été j'ai plus aussi tout merci au aux sur dans",
  ),
  de: set(
    'der die das ein eine und ist sind in im von zu mit für nicht ich du er sie wir ihr mein meine sehr aber weil wie wann warum was auch noch schon nur auf den dem des es bin hat haben war danke kein keine dass bei nach aus um am als oder wenn man sich uns euch ihm ihn ihnen dies diese dieser dieses hier jetzt immer mehr heute wieder ganz alle alles viel viele kann muss wird werden wurde sein seine ihre unser doch mal ja nein gibt einen einem einer zum zur vom über unter durch gegen ohne bis seit',
  ),
  it: set(
    'il lo la i gli le un una e è sono in di del della che non per con si io tu mio mia molto ma perché come quando questo questa anche tutto più grazie ho hai ha ci da al',
  ),
  nl: set(
    'de het een en is zijn in van op te met voor niet ik je jij hij zij wij mijn maar omdat hoe wanneer waarom wat ook nog al dat dit er naar bij heb heeft was dank',
  ),
  pl: set(
    'i w na z do nie się jest to że jak co ale o po za od dla mnie mi mój moja bardzo już tak czy jestem był była są być tylko jeszcze go ten ta tego dziękuję też',
  ),
  tr: set(
    'bir ve bu da de için ile ama çok ne mi mı mu mü değil var yok ben sen o biz siz benim gibi daha en her şey ki ya neden nasıl niye teşekkür olarak kadar şu onu bunu beni seni bana sana ona hiç hep hem artık sonra önce şimdi bugün yine bile sadece çünkü eğer diye oldu olan olarak değil mi',
  ),
  ro: set(
    'și si în la de pe cu este sunt nu un o că ce care mai foarte dar pentru din acest această eu tu el ea noi voi meu mea am ai a fost mulțumesc sau să se nici încă acum după până doar când unde cum fiindcă pentru că deja mereu iar asta aceasta acesta ei lor lui îmi îți ne vă le au era fi',
  ),
  sv: set(
    'och i att det som en ett är på av för med inte jag du han hon vi de min mitt men så också var har till om',
  ),
  id: set('dan yang di ke dari ini itu dengan untuk tidak saya aku kamu ada akan juga sudah bisa karena apa'),
};

/** Letters that point at one language (or a few). Each hit adds this much to the language's score. */
export const LETTER_HINTS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/[ñ¿¡]/, ['es']],
  [/[ãõ]/, ['pt']],
  [/ß/, ['de']],
  [/[äöü]/, ['de', 'tr', 'sv']],
  [/[şğı]/, ['tr']],
  [/[șțţă]/, ['ro']],
  [/[łąęśźżńć]/, ['pl']],
  [/[èêëœù]/, ['fr', 'it']],
  [/[ìò]/, ['it']],
  [/[åø]/, ['sv']],
];
