import type { FastifyInstance } from 'fastify';
import type { AlertDoc } from '@crumbtrail/storage';
import {
  AcknowledgeRequest,
  AlertDetailResponse,
  AlertParams,
  AlertsQuery,
  AlertsResponse,
  BrandParams,
  MuteRequest,
  MuteResponse,
} from '../api/schemas';
import type { Deps } from '../deps';
import { notFound } from '../http/errors';
import { addRoute, type ApiRoute } from '../http/route';
import { canAcknowledge, canMute, canReadBrand, type Auth } from '../permissions/brand';
import { alertSummary, ackView, muteView } from '../views';
import { brandsInScope, readableBrand, requireAction } from './access';

async function readableAlert(deps: Deps, auth: Auth, id: string): Promise<AlertDoc> {
  const doc = await deps.reads.alert(id);
  if (!doc || !deps.brands.has(doc.brand) || !canReadBrand(auth, doc.brand)) throw notFound(`alert ${id}`);
  return doc;
}

async function detail(deps: Deps, doc: AlertDoc) {
  const [ack, mute] = await Promise.all([
    deps.acks.get(doc._id),
    deps.mutes.activeMute(doc.brand, deps.clock()),
  ]);
  return { alert: doc.alert, acknowledgement: ackView(ack), mute: muteView(mute) };
}

export function registerAlertRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alerts',
      access: 'user',
      tag: 'alerts',
      summary: 'Alerts of one brand, or of every readable brand, newest first',
      query: AlertsQuery,
      response: AlertsResponse,
      async handler({ query, auth }) {
        const brands = brandsInScope(deps, auth, query.brand);
        const lists = await Promise.all(brands.map((b) => deps.reads.alertsOf(b, query.state, query.limit)));
        const docs = lists
          .flat()
          .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
          .slice(0, query.limit);
        const acks = await deps.acks.getMany(docs.map((d) => d._id));
        return { items: docs.map((d) => alertSummary(d, acks.get(d._id))) };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/alerts/:id',
      access: 'user',
      tag: 'alerts',
      summary:
        'One alert with its evidence (numbers, test, series, samples, top terms), acknowledgement and mute',
      params: AlertParams,
      response: AlertDetailResponse,
      async handler({ params, auth }) {
        return detail(deps, await readableAlert(deps, auth, params.id));
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/alerts/:id/acknowledge',
      access: 'user',
      tag: 'alerts',
      summary: 'Acknowledge an alert, with an optional note (the first acknowledgement stands)',
      params: AlertParams,
      body: AcknowledgeRequest,
      response: AlertDetailResponse,
      async handler({ params, body, auth }) {
        const doc = await readableAlert(deps, auth, params.id);
        requireAction(canAcknowledge(auth, doc.brand), 'acknowledge alerts');
        const now = deps.clock();
        const { acknowledgement, created } = await deps.acks.acknowledge(
          {
            alertId: doc._id,
            brand: doc.brand,
            by: auth.actor,
            ...(body.note !== undefined && { note: body.note }),
          },
          now,
        );
        if (created) {
          await deps.audit.record({
            at: now,
            actor: auth.actor,
            action: 'alert.acknowledge',
            brand: doc.brand,
            target: doc._id,
            before: null,
            after: ackView(acknowledgement),
          });
        }
        return detail(deps, doc);
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'PUT',
      url: '/api/v1/brands/:brand/mute',
      access: 'user',
      tag: 'alerts',
      summary: "Mute a brand's alerts for some hours (the notifier sends nothing meanwhile)",
      params: BrandParams,
      body: MuteRequest,
      response: MuteResponse,
      async handler({ params, body, auth }) {
        readableBrand(deps, auth, params.brand);
        requireAction(canMute(auth, params.brand), 'mute alerts');
        const now = deps.clock();
        const before = await deps.mutes.activeMute(params.brand, now);
        const mute = await deps.mutes.mute(
          {
            brand: params.brand,
            until: new Date(now.getTime() + body.hours * 3_600_000),
            by: auth.actor,
            ...(body.note !== undefined && { note: body.note }),
          },
          now,
        );
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: 'brand.mute',
          brand: params.brand,
          target: params.brand,
          before: muteView(before),
          after: muteView(mute),
        });
        return { mute: muteView(mute) };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/brands/:brand/mute',
      access: 'user',
      tag: 'alerts',
      summary: "Lift a brand's mute",
      params: BrandParams,
      response: MuteResponse,
      async handler({ params, auth }) {
        readableBrand(deps, auth, params.brand);
        requireAction(canMute(auth, params.brand), 'unmute alerts');
        const now = deps.clock();
        const before = await deps.mutes.activeMute(params.brand, now);
        await deps.mutes.unmute(params.brand);
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: 'brand.unmute',
          brand: params.brand,
          target: params.brand,
          before: muteView(before),
          after: null,
        });
        return { mute: null };
      },
    },
    registry,
  );
}
