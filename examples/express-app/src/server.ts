import express from 'express';
import { logger } from './logger';
import { sessionMiddleware } from './session';
import { products } from './routes/products';

const app = express();
app.use(express.json());
app.use(sessionMiddleware);
app.use('/api', products);

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.listen(3000, () => {
  logger.info('shop API listening on http://localhost:3000');
});
