import { Router } from 'express';
import { findProduct } from '../db';
import { createPaymentIntent } from '../payments';
import { logger } from '../logger';

export const products = Router();

const recentlyViewed = new Map<string, string[]>();

products.get('/products/:id', async (req, res) => {
  const product = await findProduct(req.params.id);
  if (!product) return res.status(404).json({ error: 'not found' });
  const viewed = recentlyViewed.get(req.sessionID) ?? [];
  viewed.push(product.id);
  recentlyViewed.set(req.sessionID, viewed.slice(-10));
  res.json(product);
});

products.post('/products/:id/buy', async (req, res) => {
  const product = await findProduct(req.params.id);
  if (!product) return res.status(404).json({ error: 'not found' });
  const intent = await createPaymentIntent(product.price_cents);
  logger.info('payment intent created', { product: product.id });
  res.status(201).json({ clientSecret: intent.client_secret });
});
