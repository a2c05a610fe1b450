import { detectionSteps, detectLanguage, normaliseLangTag, resolveLanguage } from './language';
import { analyseWordLanguage, HAS_UKRAINIAN, LATIN, STOPWORD_LANGS } from './word-language';
import { tokenize } from './tokenizer';

const detect = (text: string): string => detectLanguage(tokenize(text));

describe('language', () => {
  it.each([
    ['en', 'Why is my order still not here? I have been waiting for a week'],
    ['es', '¿Por qué mi pedido todavía no ha llegado? Llevo una semana esperando'],
    ['pt', 'Por que o meu pedido ainda não chegou? Estou esperando há uma semana'],
    ['fr', "Pourquoi ma commande n'est toujours pas arrivée ? J'attends depuis une semaine"],
    ['de', 'Warum ist meine Bestellung immer noch nicht da? Ich warte seit einer Woche'],
    ['it', 'Perché il mio ordine non è ancora arrivato? Aspetto da una settimana'],
    ['pl', 'Dlaczego moje zamówienie jeszcze nie dotarło? Czekam już tydzień'],
    ['ru', 'Почему мой заказ до сих пор не пришёл? Жду уже неделю'],
    ['tr', 'Siparişim neden hala gelmedi? Bir haftadır bekliyorum'],
    ['ro', 'De ce comanda mea nu a ajuns încă? Aștept de o săptămână'],
    ['ar', 'لماذا لم يصل طلبي حتى الآن'],
    ['ja', 'まだ注文が届いていません'],
  ])('detects %s', (lang, text) => {
    expect(detect(text)).toBe(lang);
  });

  it('ignores URLs, handles, hashtag marks and emoji', () => {
    expect(
      detect('@AcmeSupport https://acme.com/orders/123 #pedido Mi pedido no ha llegado todavía 😡'),
    ).toBe('es');
  });

  it('decides from telltale letters alone', () => {
    expect(detect('Zażółć gęślą jaźń')).toBe('pl');
    expect(detect('Straße gesperrt')).toBe('de');
  });

  it('falls back to the statistical detector, on a bounded prefix of long text', () => {
    const before = detectionSteps.statistical;
    expect(detect('servizio clienti acme ancora nessuna risposta')).toBe('it');
    expect(detect('servizio clienti ancora nessuna risposta '.repeat(20))).toBe('it');
    expect(detectionSteps.statistical - before).toBe(2);
  });

  it('goes by the script most letters are in', () => {
    expect(detect('привет мир hello')).toBe('ru');
    expect(detect('Поддержка ответила быстро, thanks @acme')).toBe('ru');
  });

  it('returns und for text too short to tell', () => {
    expect(detect('ok')).toBe('und');
    expect(detect('👍👍 @acme http://t.co/x')).toBe('und');
    expect(detect('lol')).toBe('und');
    expect(detect('')).toBe('und');
  });

  it("trusts the source's tag and normalises it", () => {
    expect(resolveLanguage(tokenize('bonjour'), 'pt-BR')).toEqual({ lang: 'pt', langSource: 'source' });
    expect(resolveLanguage(tokenize('Das ist ein Test für die Erkennung'), 'und')).toEqual({
      lang: 'de',
      langSource: 'detected',
    });
    expect(normaliseLangTag('EN')).toBe('en');
    expect(normaliseLangTag('not a tag')).toBeUndefined();
  });
});

describe('analyseWordLanguage', () => {
  it('counts the letters of a one-script word without arrays', () => {
    expect(analyseWordLanguage('hello')).toMatchObject({ script: LATIN, letters: 5, scripts: null });
    expect(analyseWordLanguage('123')).toMatchObject({ script: -1, letters: 0, votes: null });
  });

  it('lists the scripts of a mixed word in order of appearance', () => {
    const w = analyseWordLanguage('abcдд');
    expect(w).toMatchObject({ script: -1, letters: 5 });
    expect(w.scripts).toEqual([LATIN, 1]);
    expect(w.counts).toEqual([3, 2]);
  });

  it('votes for function-word languages and telltale letters', () => {
    const votes = (w: string): Record<string, number> => {
      const out: Record<string, number> = {};
      (analyseWordLanguage(w).votes ?? []).forEach((v, i) => {
        if (v !== 0) out[STOPWORD_LANGS[i]!] = v;
      });
      return out;
    };
    expect(votes('the')).toEqual({ en: 1 });
    expect(votes('straße')).toEqual({ de: 1.5 });
    expect(votes('für')).toEqual({ de: 1.5, tr: 0.5, sv: 0.5 });
    expect(analyseWordLanguage('їжак').flags & HAS_UKRAINIAN).toBe(HAS_UKRAINIAN);
  });

  it('gives detection the same answer through a caller-supplied (caching) lookup', () => {
    const cache = new Map<string, ReturnType<typeof analyseWordLanguage>>();
    const lookup = (w: string): ReturnType<typeof analyseWordLanguage> => {
      if (!cache.has(w)) cache.set(w, analyseWordLanguage(w));
      return cache.get(w)!;
    };
    for (const text of ['Straße gesperrt', 'Почему мой заказ до сих пор не пришёл?', 'the cat sat', 'ok']) {
      const tokens = tokenize(text);
      expect(detectLanguage(tokens, lookup)).toBe(detectLanguage(tokens));
      expect(detectLanguage(tokens, lookup)).toBe(detectLanguage(tokens, analyseWordLanguage));
    }
  });
});
