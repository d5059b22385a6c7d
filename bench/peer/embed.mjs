// The peer: transformers.js embedding the same texts as our bench, fully offline.
// Usage: node embed.mjs <work> <model.onnx> <texts.json> <result.json> <threads>
//   <work> holds node_modules/@huggingface/transformers and vocab.txt; the model folder transformers.js needs
//   (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) is built there from vocab.txt and our
//   packaged model.onnx (the recipe in shared/notes/models.md §5). One text at a time, 256 tokens, mean pooling.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [work, modelOnnx, textsFile, resultFile, threads] = process.argv.slice(2);
const dir = path.join(work, 'models', 'all-MiniLM-L6-v2');
fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });

const lines = fs.readFileSync(path.join(work, 'vocab.txt'), 'utf8').split(/\r?\n/);
if (lines[lines.length - 1] === '') lines.pop();
const vocab = Object.fromEntries(lines.map((token, id) => [token, id]));
const special = (content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
const sep = (type_id) => ({ SpecialToken: { id: '[SEP]', type_id } });
fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({
  version: '1.0', truncation: null, padding: null,
  added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0)],
    pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0), { Sequence: { id: 'B', type_id: 1 } }, sep(1)],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
}));
fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({
  tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, clean_up_tokenization_spaces: true,
  cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  strip_accents: null, tokenize_chinese_chars: true,
}));
fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({
  architectures: ['BertModel'], model_type: 'bert', hidden_size: 384, intermediate_size: 1536, num_attention_heads: 12,
  num_hidden_layers: 6, max_position_embeddings: 512, type_vocab_size: 2, vocab_size: lines.length, hidden_act: 'gelu',
  layer_norm_eps: 1e-12, pad_token_id: 0, position_embedding_type: 'absolute',
}));
const target = path.join(dir, 'onnx', 'model.onnx');
fs.rmSync(target, { force: true });
fs.symlinkSync(path.resolve(modelOnnx), target);

const require = createRequire(path.join(path.resolve(work), 'package.json'));
const tf = await import(pathToFileURL(require.resolve('@huggingface/transformers')).href);
tf.env.allowRemoteModels = false;
tf.env.localModelPath = path.join(path.resolve(work), 'models') + path.sep;
const tokenizer = await tf.AutoTokenizer.from_pretrained('all-MiniLM-L6-v2');
const model = await tf.AutoModel.from_pretrained('all-MiniLM-L6-v2', {
  dtype: 'fp32', device: 'cpu', session_options: { intraOpNumThreads: Number(threads), interOpNumThreads: 1 },
});

const texts = JSON.parse(fs.readFileSync(textsFile, 'utf8'));
async function embed(text) {
  const inputs = tokenizer(text, { truncation: true, max_length: 256 });
  const out = await model(inputs);
  const vector = tf.mean_pooling(out.last_hidden_state, inputs.attention_mask).normalize(2, -1);
  return { vector: Array.from(vector.data), tokens: inputs.input_ids.dims[1] };
}
for (const text of texts.slice(0, 8)) await embed(text); // warm-up
const sample = [];
let tokens = 0;
const start = process.hrtime.bigint();
for (const [i, text] of texts.entries()) {
  const { vector, tokens: n } = await embed(text);
  tokens += n;
  if (i < 50) sample.push(vector);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
fs.writeFileSync(resultFile, JSON.stringify({ seconds, tokens, texts: texts.length, sample }));
