#!/usr/bin/python3
"""Writes a tiny random LLaVA-1.5 in the released checkpoint layout, and reference outputs
computed by an independent PyTorch forward, for spatialgen's native VLM engine tests.

Written from the semantics of Hugging Face's CLIPVisionModel and LlamaForCausalLM, LLaVA's
CLIPVisionTower / mlp2x_gelu projector / tokenizer_image_token / prepare_inputs_labels_for_
multimodal, and CLIPImageProcessor with LLaVA's expand2square padding (PIL for the resizing).
It does not look at the C++ engine.

Needs Debian's python3-torch, python3-sentencepiece, python3-pil and python3-numpy (no
transformers, no network). CI never runs it: its outputs are committed under tests/data/vlm.

    tools/reference/make_tiny_llava.py tests/data/vlm
"""
import io
import json
import math
import os
import struct
import sys

import numpy as np
import sentencepiece as spm
import torch
from PIL import Image

SEED = 1234
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
SYSTEM = ("A chat between a curious user and an artificial intelligence assistant. The assistant "
          "gives helpful, detailed, and polite answers to the user's questions.")
IMAGE_TOKEN_INDEX = -200

LLAVA_CONFIG = {
    "architectures": ["LlavaLlamaForCausalLM"],
    "model_type": "llava_llama",
    "hidden_size": 64,
    "intermediate_size": 96,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "hidden_act": "silu",
    "rms_norm_eps": 1e-05,
    "rope_theta": 10000.0,
    "rope_scaling": None,
    "max_position_embeddings": 2048,
    "vocab_size": 320,
    "tie_word_embeddings": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "torch_dtype": "bfloat16",
    "use_cache": True,
    "mm_vision_tower": "tiny-clip",
    "mm_hidden_size": 32,
    "mm_projector_type": "mlp2x_gelu",
    "mm_vision_select_layer": -2,
    "mm_vision_select_feature": "patch",
    "mm_use_im_start_end": False,
    "mm_use_im_patch_token": False,
    "image_aspect_ratio": "pad",
    "tokenizer_model_max_length": 2048,
}
VISION_CONFIG = {
    "model_type": "clip_vision_model",
    "hidden_size": 32,
    "intermediate_size": 48,
    "num_hidden_layers": 3,
    "num_attention_heads": 2,
    "image_size": 28,
    "patch_size": 14,
    "hidden_act": "quick_gelu",
    "layer_norm_eps": 1e-05,
    "num_channels": 3,
}
# Old-style ints, as openai/clip-vit-large-patch14-336 writes them.
PREPROCESSOR_CONFIG = {
    "crop_size": 28,
    "do_center_crop": True,
    "do_normalize": True,
    "do_resize": True,
    "feature_extractor_type": "CLIPFeatureExtractor",
    "image_mean": list(CLIP_MEAN),
    "image_std": list(CLIP_STD),
    "resample": 3,
    "size": 28,
}

TOKENIZER_CORPUS = [
    SYSTEM,
    "USER: <image>\nIs the mug to the left of the laptop? ASSISTANT: Yes",
    "Find a few spots within the vacant space to the right of the box marked in red.",
    "Your answer should be formatted as a list of tuples, i.e. [(x1, y1), (x2, y2), ...], where "
    "each tuple contains the x and y coordinates of a point satisfying the conditions above.",
    "Locate several points on the cup above the plate. [(0.512, 0.334), (0.48, 0.29)]",
    "Can the bowl be placed in front of the chair, from the camera's point of view? No",
    "Give the bounding box of the lamp. [0.125, 0.250, 0.675, 0.900]",
    "What is behind the sofa in the room's frame? The table is behind the sofa.",
    "numbers 0123456789 and 3.14159, spaces  two   three, tabs\tand newlines\n done",
]

TOKENIZER_CASES = [
    "Hello world",
    "Is the mug to the left of the laptop?",
    " leading space and  double  spaces",
    "\nnewline first",
    "[(0.512, 0.334), (0.48, 0.29)]",
    "caf\u00e9 na\u00efve \u00fcber \u4e2d\u6587 \U0001F600",
    "tab\there",
    "",
]

QUESTIONS = [
    "Is the mug to the left of the laptop?",
    "Find a few spots within the vacant space to the right of the box marked in red.",
    "Give the bounding box of the lamp.",
]


def robopoint_prompt(question):
    return SYSTEM + " USER: <image>\n" + question + " ASSISTANT:"


# ----------------------------------------------------------------------------- safetensors

DTYPE_NAMES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
               torch.int64: "I64", torch.int32: "I32"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    """The safetensors format: u64 little-endian header size, JSON header, packed data."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name in sorted(tensors):
        data = tensor_bytes(tensors[name])
        header[name] = {"dtype": DTYPE_NAMES[tensors[name].dtype],
                        "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


# ----------------------------------------------------------------------------- weights

def random_weights(generator):
    c, v = LLAVA_CONFIG, VISION_CONFIG
    d, dv, inter, vocab = c["hidden_size"], v["hidden_size"], c["intermediate_size"], c["vocab_size"]
    head_dim = d // c["num_attention_heads"]
    kv = c["num_key_value_heads"] * head_dim

    def randn(*shape, std):
        return torch.randn(*shape, generator=generator) * std

    def around_one(n):
        return 1.0 + randn(n, std=0.1)

    llm = {"model.embed_tokens.weight": randn(vocab, d, std=1.0),
           "model.norm.weight": around_one(d),
           "lm_head.weight": randn(vocab, d, std=0.3)}
    # Byte-fallback pieces (ids 3..258) made unlikely, so greedy answers are words, not bytes.
    llm["lm_head.weight"][3:259] *= 0.2
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        llm[p + "input_layernorm.weight"] = around_one(d)
        llm[p + "post_attention_layernorm.weight"] = around_one(d)
        llm[p + "self_attn.q_proj.weight"] = randn(d, d, std=0.25)
        llm[p + "self_attn.k_proj.weight"] = randn(kv, d, std=0.25)
        llm[p + "self_attn.v_proj.weight"] = randn(kv, d, std=0.2)
        llm[p + "self_attn.o_proj.weight"] = randn(d, d, std=0.15)
        llm[p + "mlp.gate_proj.weight"] = randn(inter, d, std=0.15)
        llm[p + "mlp.up_proj.weight"] = randn(inter, d, std=0.15)
        llm[p + "mlp.down_proj.weight"] = randn(d, inter, std=0.15)
    llm["model.mm_projector.0.weight"] = randn(d, dv, std=0.2)
    llm["model.mm_projector.0.bias"] = randn(d, std=0.1)
    llm["model.mm_projector.2.weight"] = randn(d, d, std=0.15)
    llm["model.mm_projector.2.bias"] = randn(d, std=0.1)

    patch, size = v["patch_size"], v["image_size"]
    positions = (size // patch) ** 2 + 1
    vis = {"vision_model.embeddings.patch_embedding.weight": randn(dv, 3, patch, patch, std=0.05),
           "vision_model.embeddings.class_embedding": randn(dv, std=0.5),
           "vision_model.embeddings.position_embedding.weight": randn(positions, dv, std=0.3),
           "vision_model.embeddings.position_ids": torch.arange(positions, dtype=torch.int64)[None],
           "vision_model.pre_layrnorm.weight": around_one(dv),
           "vision_model.pre_layrnorm.bias": randn(dv, std=0.1),
           "vision_model.post_layernorm.weight": around_one(dv),
           "vision_model.post_layernorm.bias": randn(dv, std=0.1),
           "visual_projection.weight": randn(16, dv, std=0.2),
           "text_model.embeddings.token_embedding.weight": randn(50, 16, std=0.2)}
    for i in range(v["num_hidden_layers"]):
        p = f"vision_model.encoder.layers.{i}."
        for name in ("q_proj", "k_proj", "v_proj", "out_proj"):
            vis[p + f"self_attn.{name}.weight"] = randn(dv, dv, std=0.2)
            vis[p + f"self_attn.{name}.bias"] = randn(dv, std=0.1)
        for name in ("layer_norm1", "layer_norm2"):
            vis[p + f"{name}.weight"] = around_one(dv)
            vis[p + f"{name}.bias"] = randn(dv, std=0.1)
        vis[p + "mlp.fc1.weight"] = randn(v["intermediate_size"], dv, std=0.2)
        vis[p + "mlp.fc1.bias"] = randn(v["intermediate_size"], std=0.1)
        vis[p + "mlp.fc2.weight"] = randn(dv, v["intermediate_size"], std=0.2)
        vis[p + "mlp.fc2.bias"] = randn(dv, std=0.1)
    # Stored as released checkpoints are: the LLaVA weights in bf16, the CLIP ones in fp16;
    # the reference computes in fp32 with exactly the stored (rounded) values.
    llm = {k: t.to(torch.bfloat16) for k, t in llm.items()}
    vis = {k: (t.to(torch.float16) if t.is_floating_point() else t) for k, t in vis.items()}
    return llm, vis


def as_fp32(tensors):
    return {k: t.float() if t.is_floating_point() else t for k, t in tensors.items()}


# ----------------------------------------------------------------------------- images

def formula_image(width, height, seed):
    """A deterministic RGB test image with smooth ramps and hard wraps (C++ tests make it too)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.int64)
    channels = [(x * (3 + c) + y * (5 + 2 * c) + ((x * y) >> (3 + c)) + seed * 37 + c * 70) & 255
                for c in range(3)]
    return Image.fromarray(np.stack(channels, axis=-1).astype(np.uint8), "RGB")


def expand2square(image, background):
    # LLaVA's process_images with image_aspect_ratio == "pad".
    width, height = image.size
    if width == height:
        return image
    side = max(width, height)
    result = Image.new(image.mode, (side, side), background)
    result.paste(image, ((side - width) // 2, (side - height) // 2))
    return result


def clip_preprocess(image, config):
    """CLIPImageProcessor: resize the shortest edge (PIL bicubic), centre crop, rescale,
    normalize; returns CHW float32."""
    size = config["size"] if isinstance(config["size"], int) else config["size"]["shortest_edge"]
    crop = config["crop_size"]
    crop_h, crop_w = (crop, crop) if isinstance(crop, int) else (crop["height"], crop["width"])
    width, height = image.size
    short, long = (width, height) if width <= height else (height, width)
    new_short, new_long = size, int(size * long / short)
    new_w, new_h = (new_short, new_long) if width <= height else (new_long, new_short)
    if (new_w, new_h) != image.size:
        image = image.resize((new_w, new_h), resample=Image.BICUBIC)
    array = np.asarray(image)
    top = (new_h - crop_h) // 2
    left = (new_w - crop_w) // 2
    array = array[top:top + crop_h, left:left + crop_w]
    scaled = (array.astype(np.float64) * (1 / 255)).astype(np.float32)
    mean = np.array(config["image_mean"], dtype=np.float32)
    std = np.array(config["image_std"], dtype=np.float32)
    normalized = (scaled - mean) / std
    return torch.from_numpy(normalized.transpose(2, 0, 1).copy())


def llava_image_tensor(image):
    background = tuple(int(x * 255) for x in PREPROCESSOR_CONFIG["image_mean"])
    return clip_preprocess(expand2square(image, background), PREPROCESSOR_CONFIG)


# ----------------------------------------------------------------------------- forward

def layer_norm(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def clip_vision_hidden_states(vis, pixels):
    """CLIPVisionModel(output_hidden_states=True).hidden_states for one CHW image."""
    v = VISION_CONFIG
    dv, heads = v["hidden_size"], v["num_attention_heads"]
    head_dim = dv // heads
    p = "vision_model."
    patches = torch.nn.functional.conv2d(pixels[None], vis[p + "embeddings.patch_embedding.weight"],
                                         stride=v["patch_size"])
    patches = patches.flatten(2).transpose(1, 2)[0]
    x = torch.cat([vis[p + "embeddings.class_embedding"][None], patches], 0)
    x = x + vis[p + "embeddings.position_embedding.weight"]
    x = layer_norm(x, vis[p + "pre_layrnorm.weight"], vis[p + "pre_layrnorm.bias"], v["layer_norm_eps"])
    hidden = [x]
    for i in range(v["num_hidden_layers"]):
        q = f"{p}encoder.layers.{i}."
        lin = lambda t, name: t @ vis[q + name + ".weight"].T + vis[q + name + ".bias"]
        h = layer_norm(x, vis[q + "layer_norm1.weight"], vis[q + "layer_norm1.bias"], v["layer_norm_eps"])
        n = h.shape[0]
        query = (lin(h, "self_attn.q_proj") * head_dim ** -0.5).view(n, heads, head_dim).transpose(0, 1)
        key = lin(h, "self_attn.k_proj").view(n, heads, head_dim).transpose(0, 1)
        value = lin(h, "self_attn.v_proj").view(n, heads, head_dim).transpose(0, 1)
        weights = torch.softmax(query @ key.transpose(1, 2), dim=-1)
        attended = (weights @ value).transpose(0, 1).reshape(n, dv)
        x = x + lin(attended, "self_attn.out_proj")
        h = layer_norm(x, vis[q + "layer_norm2.weight"], vis[q + "layer_norm2.bias"], v["layer_norm_eps"])
        h = lin(h, "mlp.fc1")
        h = h * torch.sigmoid(1.702 * h)  # quick_gelu
        x = x + lin(h, "mlp.fc2")
        hidden.append(x)
    return hidden


def vision_features(vis, pixels):
    hidden = clip_vision_hidden_states(vis, pixels)
    features = hidden[LLAVA_CONFIG["mm_vision_select_layer"]]
    return features[1:]  # select_feature == "patch": drop CLS


def project(llm, features):
    h = features @ llm["model.mm_projector.0.weight"].T + llm["model.mm_projector.0.bias"]
    h = torch.nn.functional.gelu(h)  # erf form
    return h @ llm["model.mm_projector.2.weight"].T + llm["model.mm_projector.2.bias"]


def rms_norm(x, w, eps):
    variance = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(variance + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def llama_logits(llm, embeddings):
    """LlamaForCausalLM on a whole (spliced) input embedding sequence: logits at every position."""
    c = LLAVA_CONFIG
    d, heads, kv_heads = c["hidden_size"], c["num_attention_heads"], c["num_key_value_heads"]
    head_dim = d // heads
    n = embeddings.shape[0]
    inv_freq = 1.0 / (c["rope_theta"] ** (torch.arange(0, head_dim, 2).float() / head_dim))
    freqs = torch.arange(n, dtype=torch.float32)[:, None] * inv_freq[None]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    mask = torch.full((n, n), float("-inf")).triu(1)
    x = embeddings
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w = lambda name: llm[p + name + ".weight"]
        h = rms_norm(x, w("input_layernorm"), c["rms_norm_eps"])
        q = (h @ w("self_attn.q_proj").T).view(n, heads, head_dim)
        k = (h @ w("self_attn.k_proj").T).view(n, kv_heads, head_dim)
        v = (h @ w("self_attn.v_proj").T).view(n, kv_heads, head_dim)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        group = heads // kv_heads  # repeat_kv
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        scores = q.transpose(0, 1) @ k.permute(1, 2, 0) / math.sqrt(head_dim) + mask
        attended = (torch.softmax(scores, dim=-1) @ v.transpose(0, 1)).transpose(0, 1).reshape(n, d)
        x = x + attended @ w("self_attn.o_proj").T
        h = rms_norm(x, w("post_attention_layernorm"), c["rms_norm_eps"])
        gate = h @ w("mlp.gate_proj").T
        x = x + (torch.nn.functional.silu(gate) * (h @ w("mlp.up_proj").T)) @ w("mlp.down_proj").T
    x = rms_norm(x, llm["model.norm.weight"], c["rms_norm_eps"])
    return x @ llm["lm_head.weight"].T


def tokenizer_image_token(prompt, sp):
    """LLaVA's tokenizer_image_token with the Llama tokenizer (BOS added to each chunk)."""
    chunks = [[sp.bos_id()] + sp.encode(chunk) for chunk in prompt.split("<image>")]
    ids = [chunks[0][0]]
    for i, chunk in enumerate(chunks):
        if i > 0:
            ids.append(IMAGE_TOKEN_INDEX)
        ids.extend(chunk[1:])
    return ids


def decode_answer(sp, tokens):
    """batch_decode(skip_special_tokens=True)[0].strip(), as LLaVA's model_vqa.py answers."""
    special = {sp.unk_id(), sp.bos_id(), sp.eos_id()}
    return sp.decode([t for t in tokens if t not in special]).strip()


def splice(llm, ids, image_embeddings):
    """prepare_inputs_labels_for_multimodal: each IMAGE_TOKEN_INDEX becomes an image's rows."""
    parts, image = [], 0
    for token in ids:
        if token == IMAGE_TOKEN_INDEX:
            parts.append(image_embeddings[image])
            image += 1
        else:
            parts.append(llm["model.embed_tokens.weight"][token][None])
    return torch.cat(parts, 0)


def greedy(llm, ids, image_embeddings, steps):
    """Greedy decoding without a cache (the whole sequence re-run each step): the plainest
    reading of generate(do_sample=False); stops at EOS."""
    embeddings = splice(llm, ids, image_embeddings)
    tokens, margins = [], []
    for _ in range(steps):
        logits = llama_logits(llm, embeddings)[-1]
        top = torch.topk(logits, 2).values
        margins.append(float(top[0] - top[1]))
        token = int(torch.argmax(logits))
        tokens.append(token)
        if token == LLAVA_CONFIG["eos_token_id"]:
            break
        embeddings = torch.cat([embeddings, llm["model.embed_tokens.weight"][token][None]], 0)
    return tokens, margins


# ----------------------------------------------------------------------------- main

def train_tokenizer(folder):
    corpus = os.path.join(folder, "corpus.txt")
    with open(corpus, "w") as f:
        for line in TOKENIZER_CORPUS * 4:
            f.write(line.replace("\n", " ") + "\n")
    # Llama's settings: BPE with byte fallback, digits split, identity normalization, the dummy
    # prefix, whitespace kept as is; unk 0, bos 1, eos 2, no pad.
    spm.SentencePieceTrainer.train(
        input=corpus, model_prefix=os.path.join(folder, "tokenizer"),
        vocab_size=LLAVA_CONFIG["vocab_size"], model_type="bpe", byte_fallback=True,
        split_digits=True, normalization_rule_name="identity", add_dummy_prefix=True,
        remove_extra_whitespaces=False, allow_whitespace_only_pieces=True, character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, hard_vocab_limit=True, num_threads=1,
        minloglevel=2)
    os.remove(corpus)
    os.remove(os.path.join(folder, "tokenizer.vocab"))


def write_sharded(folder, tensors, shards):
    names = sorted(tensors)
    per = (len(names) + shards - 1) // shards
    weight_map, total = {}, 0
    for s in range(shards):
        file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        part = {n: tensors[n] for n in names[s * per:(s + 1) * per]}
        write_safetensors(os.path.join(folder, file), part, {"format": "pt"})
        for n, t in part.items():
            weight_map[n] = file
            total += len(tensor_bytes(t))
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/vlm"
    llava_dir, clip_dir = os.path.join(out, "tiny-llava"), os.path.join(out, "tiny-clip")
    os.makedirs(llava_dir, exist_ok=True)
    os.makedirs(clip_dir, exist_ok=True)
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)

    train_tokenizer(llava_dir)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(llava_dir, "tokenizer.model"))
    llm_stored, vis_stored = random_weights(generator)
    with open(os.path.join(llava_dir, "config.json"), "w") as f:
        json.dump(LLAVA_CONFIG, f, indent=2)
    write_sharded(llava_dir, llm_stored, 2)
    with open(os.path.join(clip_dir, "config.json"), "w") as f:
        json.dump({"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 16,
                   "text_config": {"hidden_size": 16, "vocab_size": 50}, "vision_config": VISION_CONFIG},
                  f, indent=2)
    with open(os.path.join(clip_dir, "preprocessor_config.json"), "w") as f:
        json.dump(PREPROCESSOR_CONFIG, f, indent=2)
    write_safetensors(os.path.join(clip_dir, "model.safetensors"), vis_stored, {"format": "pt"})
    llm, vis = as_fp32(llm_stored), as_fp32(vis_stored)

    # Images: three formula images of different shapes (the first wide, the second tall).
    images = [formula_image(40, 30, 0), formula_image(21, 33, 1), formula_image(28, 28, 2)]
    for i, image in enumerate(images):
        image.save(os.path.join(out, f"image{i}.png"))
    # PIL's bicubic resampling at several scale factors, from one 97 x 61 image.
    resize_in = formula_image(97, 61, 3)
    resize_in.save(os.path.join(out, "resize_in.png"))
    resize_cases = [(28, 28), (336, 212), (50, 20), (13, 200), (97, 30)]
    for w, h in resize_cases:
        resize_in.resize((w, h), resample=Image.BICUBIC).save(os.path.join(out, f"resize_{w}x{h}.png"))
    # The released size: a 640 x 480 image padded and resized to 336 (stored as 8-bit PNG).
    big = expand2square(formula_image(640, 480, 4), tuple(int(x * 255) for x in CLIP_MEAN))
    big.resize((336, 336), resample=Image.BICUBIC).save(os.path.join(out, "pad_resize_640x480_to_336.png"))

    with torch.no_grad():
        pixels = [llava_image_tensor(image) for image in images]
        features = [vision_features(vis, p) for p in pixels]
        embedded = [project(llm, f) for f in features]
        prompt = robopoint_prompt(QUESTIONS[0])
        prompt_ids = tokenizer_image_token(prompt, sp)
        logits = llama_logits(llm, splice(llm, prompt_ids, [embedded[0]]))
        greedy_runs = []
        for i, question in enumerate(QUESTIONS):
            ids = tokenizer_image_token(robopoint_prompt(question), sp)
            tokens, margins = greedy(llm, ids, [embedded[i]], 8)
            greedy_runs.append({"question": question, "image": f"image{i}.png", "prompt_ids": ids,
                                "tokens": tokens, "text": decode_answer(sp, tokens),
                                "min_margin": min(margins)})
        # Two images in one prompt (LLaVA splices each <image> in order).
        two_prompt = SYSTEM + " USER: <image>\nand <image>\nWhich is brighter? ASSISTANT:"
        two_ids = tokenizer_image_token(two_prompt, sp)
        two_logits = llama_logits(llm, splice(llm, two_ids, [embedded[1], embedded[2]]))[-1]

    tensors = {"pixels0": pixels[0], "pixels1": pixels[1],
               "vision_features0": features[0], "vision_features1": features[1],
               "image_embeddings0": embedded[0], "image_embeddings1": embedded[1],
               "prompt_logits": logits, "two_image_last_logits": two_logits}
    write_safetensors(os.path.join(out, "reference.safetensors"), {k: v.contiguous() for k, v in tensors.items()})
    reference = {
        "prompt": prompt,
        "prompt_ids": prompt_ids,
        "two_image_prompt": two_prompt,
        "two_image_prompt_ids": two_ids,
        "greedy": greedy_runs,
        "tokenizer": [{"text": t, "ids": sp.encode(t)} for t in TOKENIZER_CASES],
        "decode": [{"ids": ids, "text": sp.decode(ids)} for ids in
                   ([5, 100, 200, 300], sp.encode("caf\u00e9 \U0001F600 ok"), sp.encode(" two  spaces"))],
        "resize_cases": [[w, h] for w, h in resize_cases],
    }
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=1, ensure_ascii=True)
    for run in greedy_runs:
        print("greedy", run["tokens"], repr(run["text"]), "min margin %.4f" % run["min_margin"])


if __name__ == "__main__":
    main()
