/**
 * Small hand-written polarity lists for languages natural ships no lexicon for (pl, ru, tr, ro) and common
 * social-media words the shipped lexicons miss. Scores in [-1, 1]. Merged into the model file by train.ts.
 */
const entries = (pos: string, neg: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const w of pos.split(/\s+/).filter(Boolean)) out[w] = 0.6;
  for (const w of neg.split(/\s+/).filter(Boolean)) out[w] = -0.6;
  return out;
};

export const EXTRA_LEXICONS: Record<string, Record<string, number>> = {
  en: entries(
    'lol haha hahaha lmao yay woohoo congrats thx ty luv fav fave awesomeness amazeballs kudos stoked',
    'wtf smh ugh meh fml sucks sucked disappointing scam laggy buggy fail fails epicfail',
  ),
  es: entries(
    'bueno buena buenísimo genial excelente increíble encanta encantó gracias feliz mejor perfecto bonito bonita hermoso guapo divertido amor jaja jajaja',
    'malo mala peor pésimo horrible terrible odio triste asco mierda fatal lento roto problema estafa decepción decepcionado',
  ),
  pt: entries(
    'bom boa ótimo otimo excelente incrível adoro amei obrigado obrigada feliz melhor perfeito lindo linda legal amor kkk kkkk haha',
    'ruim péssimo pessimo horrível horrivel terrível odeio triste lixo merda pior lento quebrado problema golpe decepção',
  ),
  fr: entries(
    'bien bon bonne super génial genial excellent magnifique merci heureux heureuse meilleur parfait adore amour top mdr',
    'mauvais mauvaise nul nulle horrible terrible déteste triste merde pire lent cassé problème arnaque déçu déçue',
  ),
  de: entries(
    'gut super toll klasse prima genial danke glücklich beste perfekt liebe schön lustig geil',
    'schlecht schlimm scheiße scheisse mist furchtbar schrecklich hasse traurig schlechteste langsam kaputt problem betrug enttäuscht',
  ),
  it: entries(
    'bene bello bella buono buona ottimo fantastico grazie felice migliore perfetto amo amore divertente grande',
    'male brutto brutta cattivo pessimo orribile terribile odio triste schifo merda peggio lento rotto problema truffa deluso',
  ),
  pl: entries(
    'dobry dobra dobrze świetny świetnie super fajny fajnie piękny piękna najlepszy dziękuję dzięki kocham szczęśliwy brawo wspaniały polecam',
    'zły zła źle fatalny fatalnie okropny okropnie beznadziejny najgorszy nienawidzę smutny kiepski słaby wstyd żenada problem oszustwo porażka',
  ),
  ru: entries(
    'хорошо хороший хорошая отлично отличный супер класс классно прекрасно прекрасный лучший спасибо люблю рад рада счастлив круто здорово молодец ура',
    'плохо плохой плохая ужасно ужасный отвратительно худший ненавижу грустно печально жаль обидно бесит кошмар позор проблема обман отстой',
  ),
  tr: entries(
    'iyi güzel harika mükemmel süper teşekkürler teşekkür seviyorum mutlu en iyi bravo başarılı tebrikler',
    'kötü berbat rezalet korkunç nefret üzgün sorun bozuk yavaş dolandırıcı hayal kırıklığı beğenmedim',
  ),
  ro: entries(
    'bun bună bine excelent minunat super frumos frumoasă mulțumesc multumesc fericit fericită perfect iubesc bravo',
    'rău rea prost proastă groaznic oribil urăsc trist tristă problemă stricat țeapă dezamăgit dezamăgită',
  ),
};
