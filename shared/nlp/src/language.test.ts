import { detectionSteps, detectLanguage, normaliseLangTag, resolveLanguage } from './language';
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
