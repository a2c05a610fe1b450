/**
 * Hand-written mention templates for the demo (not taken from any data set). `{brand}` is replaced by a brand's
 * display name, `{product}` by one of its products. Grouped by language and by what the author means.
 */
export type Mood = 'praise' | 'neutral' | 'question' | 'complaint';

export const TEMPLATES: Record<string, Record<Mood, string[]>> = {
  en: {
    praise: [
      'Honestly {brand} support sorted my issue in 5 minutes. Impressed 👏',
      'Switched to {brand} last month and {product} has been rock solid. Love it!',
      'Big thanks to the {brand} team, the new {product} update is fantastic 🎉',
      '{product} from {brand} just works. Best purchase this year :)',
      'Shoutout to {brand} for the super fast delivery, really happy with it',
    ],
    neutral: [
      '{brand} announced a new pricing page for {product} today',
      'Reading the {brand} changelog for {product} 4.2 this morning',
      'Anyone else going to the {brand} meetup in Berlin next week',
      'Comparing {brand} {product} with two alternatives for a client project',
      '{brand} is hiring for their platform team, saw it on their blog',
    ],
    question: [
      'Does {brand} {product} support exporting to CSV?',
      'How do I change the billing address on my {brand} account?',
      'Is there a student discount for {product}? @{handle}',
      'What is the difference between {product} Basic and Pro?',
      'Can I use {brand} {product} offline or does it need a connection?',
    ],
    complaint: [
      '{brand} is down AGAIN. Third outage this week, this is unacceptable 😡',
      'Why was I charged twice by {brand}?? Still no refund after 10 days',
      '{product} keeps crashing since the update. Lost an hour of work. Fix it {brand}!',
      'Worst support ever. {brand} closed my ticket without even reading it',
      'My order from {brand} is two weeks late and nobody answers. Never again.',
      "Can't log in to {brand} for 3 hours now, status page says all green 🙄",
      '{brand} deleted my data during the migration and support just sends a template reply',
      'Cancelled my {brand} subscription. Slow, buggy and overpriced #fail',
    ],
  },
  es: {
    praise: [
      'Muy contento con {product} de {brand}, funciona genial 😍',
      'El soporte de {brand} me respondió en minutos. ¡Gracias!',
      'La nueva versión de {product} es buenísima, recomendado 100%',
    ],
    neutral: [
      '{brand} presentó hoy la nueva versión de {product}',
      'Probando {product} para un proyecto del trabajo',
    ],
    question: ['¿Alguien sabe si {product} funciona en Linux?', '¿Cómo cancelo mi suscripción de {brand}?'],
    complaint: [
      '{brand} no funciona desde esta mañana, un desastre total 😤',
      'Me cobraron dos veces y {brand} no me devuelve el dinero. Pésimo servicio',
      'El pedido de {brand} lleva tres semanas de retraso y nadie contesta',
    ],
  },
  de: {
    praise: [
      'Der Support von {brand} war super schnell und freundlich. Danke!',
      '{product} ist echt klasse, bin sehr zufrieden 👍',
    ],
    neutral: [
      '{brand} hat heute die Preise für {product} angepasst',
      'Teste gerade {product} von {brand} für unser Team',
    ],
    question: [
      'Weiß jemand, ob {product} auch auf dem Mac läuft?',
      'Wie kann ich bei {brand} die Rechnung ändern?',
    ],
    complaint: [
      '{brand} ist schon wieder ausgefallen. Langsam reicht es wirklich!',
      'Seit dem Update stürzt {product} ständig ab. Sehr ärgerlich',
      'Zweimal abgebucht und {brand} antwortet nicht. Katastrophe',
    ],
  },
  fr: {
    praise: [
      'Super expérience avec le service client de {brand}, merci !',
      "J'adore {product}, simple et efficace",
    ],
    neutral: ['{brand} lance {product} en France la semaine prochaine'],
    question: ['Est-ce que {product} est compatible avec Android ?'],
    complaint: [
      '{brand} encore en panne, c’est inadmissible',
      'Commande {brand} jamais reçue et aucun remboursement. Nul.',
    ],
  },
  pt: {
    praise: [
      'Adorei o {product} da {brand}, muito bom mesmo!',
      'Atendimento da {brand} foi excelente, obrigado',
    ],
    neutral: ['A {brand} anunciou o {product} no Brasil hoje'],
    question: ['Alguém sabe se o {product} tem versão em português?'],
    complaint: [
      'A {brand} caiu de novo, que vergonha 😠',
      'Fui cobrado duas vezes pela {brand} e ninguém resolve',
    ],
  },
  it: {
    praise: ['{product} di {brand} è fantastico, consigliatissimo!'],
    neutral: ['{brand} ha presentato oggi il nuovo {product}'],
    question: ['Qualcuno sa se {product} funziona su iPad?'],
    complaint: [
      '{brand} non funziona da ore, servizio pessimo',
      'Ordine {brand} mai arrivato, che delusione',
    ],
  },
  pl: {
    praise: [
      '{product} od {brand} jest świetny, polecam każdemu!',
      'Szybka dostawa od {brand}, jestem bardzo zadowolony',
    ],
    neutral: ['{brand} otwiera nowe biuro w Krakowie'],
    question: ['Czy ktoś wie, jak zmienić plan w {brand}?'],
    complaint: [
      '{brand} znowu nie działa, to jest żenujące',
      'Zamówienie z {brand} nie dotarło, a obsługa milczy. Tragedia',
    ],
  },
  ru: {
    praise: ['{product} от {brand} просто отличный, очень доволен!'],
    neutral: ['{brand} сегодня представила новую версию {product}'],
    question: ['Кто-нибудь знает, работает ли {product} на Linux?'],
    complaint: ['{brand} опять не работает, это ужасно', 'Деньги списали дважды, а поддержка {brand} молчит'],
  },
  tr: {
    praise: [
      '{brand} müşteri hizmetleri harika, çok teşekkürler!',
      '{product} gerçekten çok iyi, herkese tavsiye ederim',
    ],
    neutral: ['{brand} bugün yeni {product} modelini tanıttı'],
    question: ['{product} Türkiye’de ne zaman satışa çıkacak?'],
    complaint: ['{brand} yine çöktü, rezalet!', 'Siparişim iki haftadır gelmedi, {brand} cevap vermiyor'],
  },
  ro: {
    praise: ['Sunt foarte mulțumit de {product} de la {brand}, recomand!'],
    neutral: ['{brand} a lansat astăzi noul {product} în România'],
    question: ['Știe cineva dacă {product} merge pe Windows 11?'],
    complaint: [
      '{brand} nu funcționează de ieri, e o bătaie de joc',
      'Am plătit de două ori și {brand} nu răspunde',
    ],
  },
};
