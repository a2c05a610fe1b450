// Writes examples/alert-email.{html,txt} from the test fixture alert: npm run example -w @crumbtrail/notifier
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAlertEmail } from '../src/email/render-alert';
import { alertFixture } from '../src/test-support/alert-fixture';

const outDir = join(__dirname, '..', 'examples');
mkdirSync(outDir, { recursive: true });
const email = renderAlertEmail(alertFixture(), { brandName: 'Acme Cloud' });
writeFileSync(join(outDir, 'alert-email.html'), email.html);
writeFileSync(join(outDir, 'alert-email.txt'), `Subject: ${email.subject}\n\n${email.text}`);
console.log(`wrote examples/alert-email.html and .txt: ${email.subject}`);
