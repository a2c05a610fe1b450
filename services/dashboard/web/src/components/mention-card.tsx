import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Mention } from '../api/types';
import { displayHost, safeHttpUrl } from '../lib/safe-url';
import { CorrectLabel } from './correct-label';
import { IntentBadge, SentimentBadge, SourceLabel } from './labels';
import { LocalTime } from './local-time';

interface Props {
  mention: Mention;
  /** Offer the "correct label" control (the user may correct this brand's labels). */
  canCorrect: boolean;
  onChange?: (mention: Mention) => void;
  /** Extra controls (e.g. the inbox's select box and actions). */
  children?: ComponentChildren;
  highlight?: boolean;
}

/**
 * One mention. Its text, title and author are untrusted and rendered as text nodes only (Preact escapes them); the
 * link is shown only for an http(s) URL, with its host, and opens without a referrer or window.opener.
 */
export function MentionCard({ mention, canCorrect, onChange, children, highlight }: Props): JSX.Element {
  const [correcting, setCorrecting] = useState(false);
  const href = safeHttpUrl(mention.url);
  const corrected = mention.correction;
  return (
    <article
      class={`mention${highlight ? ' mention--new' : ''}`}
      data-mention-id={mention.id}
      aria-label={`Mention by ${mention.author}`}
    >
      {children && <div class="mention__controls">{children}</div>}
      <div class="mention__body">
        <header class="mention__meta">
          <span class="mention__author">{mention.author}</span>
          <SourceLabel source={mention.source} />
          <span class="mention__lang" title="language">
            {mention.lang}
          </span>
          <LocalTime iso={mention.publishedAt} />
          {href && (
            <a class="mention__link" href={href} target="_blank" rel="noopener noreferrer nofollow">
              original on {displayHost(href)} ↗
            </a>
          )}
        </header>
        {mention.title && <h3 class="mention__title">{mention.title}</h3>}
        <p class="mention__text">{mention.text}</p>
        <footer class="mention__labels">
          {corrected ? (
            <>
              <span class="mention__label-group" data-labels="corrected">
                <SentimentBadge label={corrected.sentiment} />
                <IntentBadge label={corrected.intent} />
                <span class="muted">
                  corrected by {corrected.by}, <LocalTime iso={corrected.at} ago />
                </span>
              </span>
              <span class="mention__label-group mention__label-group--model" data-labels="model">
                <span class="muted">model:</span>
                <s>
                  {mention.sentiment}, {mention.intent}
                </s>
              </span>
            </>
          ) : (
            <span class="mention__label-group" data-labels="model">
              <SentimentBadge label={mention.sentiment} confidence={mention.sentimentConfidence} />
              <IntentBadge label={mention.intent} confidence={mention.intentConfidence} />
            </span>
          )}
          {canCorrect && !correcting && (
            <button type="button" class="button button--link" onClick={() => setCorrecting(true)}>
              Correct label
            </button>
          )}
        </footer>
        {correcting && (
          <CorrectLabel
            mention={mention}
            onDone={(updated) => {
              setCorrecting(false);
              if (updated) onChange?.(updated);
            }}
          />
        )}
      </div>
    </article>
  );
}
