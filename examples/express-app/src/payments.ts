import Stripe from 'stripe';
import { config } from './config';

const stripe = new Stripe(config.stripe.secretKey);

export async function createPaymentIntent(amountCents: number) {
  return stripe.paymentIntents.create({ amount: amountCents, currency: config.stripe.currency });
}
