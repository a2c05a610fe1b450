import { topTerms } from './terms';

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
