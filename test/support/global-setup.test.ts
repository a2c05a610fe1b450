import { parseEnvFile, usesExternalServices } from './global-setup';

describe('parseEnvFile', () => {
  it("reads stack.sh's export lines, undoing bash printf %q quoting", () => {
    const text = [
      '# written by stack.sh',
      'export KAFKA_BROKERS=127.0.0.1:46705',
      'export MONGO_URL=mongodb://127.0.0.1:36081/',
      '',
      'export MAIL_UI_URL=http://127.0.0.1:41849/',
      'export SMTP_HOST=mail\\ host',
      "SMTP_PASSWORD='a b'",
      "EMPTY=''",
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      KAFKA_BROKERS: '127.0.0.1:46705',
      MONGO_URL: 'mongodb://127.0.0.1:36081/',
      MAIL_UI_URL: 'http://127.0.0.1:41849/',
      SMTP_HOST: 'mail host',
      SMTP_PASSWORD: 'a b',
      EMPTY: '',
    });
  });

  it('rejects a line that is not an assignment, quoting it', () => {
    expect(() => parseEnvFile('export KAFKA_BROKERS=x\nrm -rf /\n')).toThrow(
      'cannot parse stack env line: rm -rf /',
    );
  });
});

describe('usesExternalServices', () => {
  const own = { KAFKA_BROKERS: '127.0.0.1:1111', MONGO_URL: 'mongodb://127.0.0.1:2222/' };

  it('is false unless both KAFKA_BROKERS and MONGO_URL are set', () => {
    expect(usesExternalServices({}, own)).toBe(false);
    expect(usesExternalServices({ KAFKA_BROKERS: 'kafka:9092' }, own)).toBe(false);
    expect(usesExternalServices({ MONGO_URL: 'mongodb://db/' }, undefined)).toBe(false);
  });

  it("is false when they are this checkout's own stack (a shell that sourced stack.env)", () => {
    expect(usesExternalServices({ ...own }, own)).toBe(false);
  });

  it('is true for other addresses, or when no local stack has been started yet', () => {
    expect(usesExternalServices({ KAFKA_BROKERS: 'kafka:9092', MONGO_URL: own.MONGO_URL }, own)).toBe(true);
    expect(usesExternalServices({ ...own }, undefined)).toBe(true);
  });
});
