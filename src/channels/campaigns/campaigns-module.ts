import { campaignRoutes } from '../../http/campaigns.js';
import type { ModuleFactory } from '../module.js';
import { CampaignRunner } from './campaign-runner.js';
import { CampaignsService } from './campaigns-service.js';

/** Campaigns reach customers in stages; each stage's message travels the normal delivery path. */
export const campaignsModule: ModuleFactory<'messages' | 'sessions' | 'store'> = (services, log) => {
  const runner = new CampaignRunner({ store: services.store, sessions: services.sessions, messages: services.messages, log });
  const campaigns = new CampaignsService(services.store, () => runner.wake());
  return {
    name: 'campaigns',
    routes: (app) => campaignRoutes(app, campaigns),
    start: () => runner.start(),
    stop: () => runner.stop(),
  };
};
