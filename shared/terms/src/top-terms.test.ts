import { topTerms, words } from './top-terms';

describe('topTerms', () => {
  // From the aggregator's alert evidence.
  it('counts terms once per text, drops stopwords, urls, handles, numbers and the brand name', () => {
    const terms = topTerms(
      [
        'Acme Cloud upload is failing again https://x.example/1 @acmehelp',
        'The upload keeps failing, refund please 2024',
        'upload upload failing refund',
        'Der Upload bei Acme Cloud ist kaputt und der Support antwortet nicht',
        'nothing works',
      ],
      { exclude: ['Acme Cloud'] },
    );
    expect(terms[0]).toEqual({ term: 'upload', count: 4 });
    expect(terms).toContainEqual({ term: 'failing', count: 3 });
    expect(terms).toContainEqual({ term: 'refund', count: 2 });
    const words = terms.map((t) => t.term);
    for (const dropped of ['acme', 'cloud', 'the', 'der', 'und', '2024', 'acmehelp', 'https']) {
      expect(words).not.toContain(dropped);
    }
  });

  it('is deterministic and limited', () => {
    const texts = ['alpha beta gamma delta', 'alpha beta gamma delta'];
    expect(topTerms(texts, { limit: 2 })).toEqual([
      { term: 'alpha', count: 2 },
      { term: 'beta', count: 2 },
    ]);
  });

  // From the dashboard's brand page (the brand's id and name as one string).
  it('counts words once per text, without stopwords, links, handles or the brand name', () => {
    const texts = [
      'Acme delivery late again https://x.example/late @acme_help',
      'delivery was late and the refund never came',
      'why is my refund still missing, Acme?',
      'the delivery delivery delivery',
      'nothing here',
    ];
    expect(topTerms(texts, 'Acme Corp')).toEqual([
      { term: 'delivery', count: 3 },
      { term: 'late', count: 2 },
      { term: 'refund', count: 2 },
    ]);
  });

  it('takes the excluded names and the limit positionally or as options, alike', () => {
    const texts = ['acme-cloud outage outage', 'Acme Cloud outage again', 'billing outage billing'];
    const expected = [{ term: 'outage', count: 3 }];
    expect(topTerms(texts, 'acme-cloud Acme Cloud', 1)).toEqual(expected);
    expect(topTerms(texts, { exclude: ['acme-cloud', 'Acme Cloud'], limit: 1 })).toEqual(expected);
    expect(topTerms(texts, { exclude: 'acme-cloud' })).toEqual([
      { term: 'outage', count: 3 },
      { term: 'billing', count: 1 },
    ]);
  });

  it('keeps the words a complaint is about that the broad English and Russian lists call stopwords', () => {
    const terms = topTerms(['my order is a problem', 'order does not work', 'верните деньги', 'где деньги']);
    expect(terms).toEqual([
      { term: 'order', count: 2 },
      { term: 'деньги', count: 2 },
      { term: 'problem', count: 1 },
      { term: 'work', count: 1 },
      { term: 'верните', count: 1 },
    ]);
  });
});

describe('topTerms of negative mentions in other languages', () => {
  const termsOf = (texts: string[]) => topTerms(texts, 'acme Acme Bank').map((t) => `${t.term} ${t.count}`);

  it('Polish', () => {
    const texts = [
      'Aplikacja Acme Bank znowu nie działa, nie mogę się zalogować od rana.',
      'Przelew utknął i aplikacja się zawiesza. Tragedia!',
      'Infolinia nie odbiera, a aplikacja dalej nie działa.',
      'Czy ktoś jeszcze ma problem z logowaniem? Aplikacja pokazuje błąd.',
      'Przelew zniknął z konta, aplikacja to porażka, już nigdy więcej.',
    ];
    expect(termsOf(texts)).toEqual(['aplikacja 5', 'działa 2', 'przelew 2']);
    const all = topTerms(texts, { exclude: 'acme', limit: 100 }).map((t) => t.term);
    for (const stop of ['nie', 'się', 'czy', 'jeszcze', 'już', 'nigdy', 'więcej'])
      expect(all).not.toContain(stop);
  });

  it('Turkish, with İ and suffixes after an apostrophe', () => {
    const texts = [
      "Acme'nin uygulaması yine çöktü, hiçbir şey çalışmıyor.",
      'İade talebim hâlâ cevapsız, müşteri hizmetleri çok kötü.',
      'Uygulaması açılmıyor ve iade de yapılmadı.',
      'Müşteri hizmetleri telefonu açmıyor, berbat bir deneyim.',
      'Siparişim gelmedi, İADE istiyorum ama kimse cevap vermiyor.',
    ];
    // "İade", "iade" and "İADE" are one word; "Acme'nin" is the brand.
    expect(termsOf(texts)).toEqual(['iade 3', 'hizmetleri 2', 'müşteri 2', 'uygulaması 2']);
    const all = topTerms(texts, { exclude: 'acme', limit: 100 }).map((t) => t.term);
    for (const stop of ['çok', 'bir', 'ama', 'hiçbir', 'şey', 'kimse', 'yine', 'acme', 'nin', 'ade']) {
      expect(all).not.toContain(stop);
    }
  });

  it('Romanian, with ș/ț written with a comma below (the lists use the cedilla)', () => {
    const texts = [
      'Aplicația Acme nu funcționează și nimeni nu răspunde, totuși plătim.',
      'Comanda mea a întârziat două săptămâni și încă nu am primit rambursarea.',
      'Rambursarea nu a venit, aplicația se blochează mereu, totuși aștept.',
      'Este a treia oară când aplicația se blochează, sunt foarte dezamăgit de niște oameni.',
      'Serviciul clienți este groaznic, rambursarea lipsește de niște zile.',
    ];
    expect(termsOf(texts)).toEqual(['aplicația 3', 'rambursarea 3', 'blochează 2']);
    const all = topTerms(texts, { exclude: 'acme', limit: 100 }).map((t) => t.term);
    for (const stop of ['totuși', 'niște', 'este', 'sunt', 'foarte', 'când', 'încă', 'nimeni']) {
      expect(all).not.toContain(stop);
    }
  });

  it('Russian', () => {
    const texts = [
      'Приложение Acme опять не работает, деньги списали, а заказа нет.',
      'Поддержка не отвечает уже неделю, деньги так и не вернули.',
      'Приложение вылетает при оплате, это просто ужасно.',
      'Заказ не доставили, поддержка молчит, всё ещё жду возврат.',
      'Верните деньги! Приложение не работает с утра, еще и поддержка молчит.',
    ];
    expect(termsOf(texts)).toEqual(['деньги 3', 'поддержка 3', 'приложение 3', 'молчит 2', 'работает 2']);
    const all = topTerms(texts, { exclude: 'acme', limit: 100 }).map((t) => t.term);
    for (const stop of ['уже', 'это', 'всё', 'ещё', 'еще', 'так', 'при', 'нет', 'опять', 'просто']) {
      expect(all).not.toContain(stop);
    }
  });
});

describe('words', () => {
  it('lowercases, and leaves out links, handles, hashtags and numbers', () => {
    expect(words('Acme DOWN again https://status.acme.test/x @acme_help #fail 2024 v2')).toEqual([
      'acme',
      'down',
      'again',
      'v2',
    ]);
  });

  it('keeps the meaningful part of a word with an apostrophe', () => {
    expect(words("Acme’s l'application dell'azienda don't Turkcell'in")).toEqual([
      'acme',
      'application',
      'azienda',
      "don't",
      'turkcell',
    ]);
  });
});
