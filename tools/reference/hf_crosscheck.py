#!/usr/bin/env python3
"""Cross-checks the CUDA engine on the tiny fixture against Hugging Face transformers'
LlavaForConditionalGeneration, built from the fixture's config and weights (no download).

scripts/gpu_check.sh runs it on the GPU machine (torch and transformers there), after
vlm_cuda_tests has written the engine's outputs (SPATIALGEN_GPU_DUMP):

    tools/reference/hf_crosscheck.py tests/data/vlm GPU_OUTPUTS.json RESULT.json

For each of the three greedy runs: the same 8 greedy tokens (EOS excluded) and the last
position's logits within 1e-3 of max |logit| (float32). Exits 1 on a mismatch.
"""
import json
import os
import sys

import torch
import transformers
from PIL import Image
from safetensors.torch import load_file
from transformers import CLIPVisionConfig, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tiny_llava  # noqa: E402  (its LLaVA preprocessing: expand2square + PIL bicubic)

IMAGE_TOKEN = -200
TOLERANCE = 1e-3


def load_folder(folder):
    tensors = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".safetensors"):
            tensors.update(load_file(os.path.join(folder, name)))
    return tensors


def source_of(hf_name):
    """(checkpoint, tensor) of a LlavaForConditionalGeneration parameter, for transformers 4 and 5 names."""
    if "vision_tower." in hf_name:
        return "clip", hf_name.split("vision_tower.", 1)[1]
    if "multi_modal_projector.linear_" in hf_name:
        index, field = hf_name.split("multi_modal_projector.linear_", 1)[1].split(".", 1)
        return "llava", f"model.mm_projector.{2 * (int(index) - 1)}.{field}"
    if hf_name.endswith("lm_head.weight"):
        return "llava", "lm_head.weight"
    rest = hf_name.split("language_model.", 1)[1]
    if rest.startswith("model."):
        rest = rest[len("model."):]
    return "llava", "model." + rest


def build_model(data, image_token):
    llava_config = json.load(open(os.path.join(data, "tiny-llava", "config.json")))
    clip_config = json.load(open(os.path.join(data, "tiny-clip", "config.json")))
    vision = clip_config.get("vision_config", clip_config)
    text = LlamaConfig(**{k: llava_config[k] for k in (
        "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
        "rms_norm_eps", "rope_theta", "max_position_embeddings", "vocab_size", "tie_word_embeddings",
        "bos_token_id", "eos_token_id", "pad_token_id")})
    vision_config = CLIPVisionConfig(**{k: vision[k] for k in (
        "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "image_size", "patch_size",
        "hidden_act", "layer_norm_eps")})
    patches = (vision["image_size"] // vision["patch_size"]) ** 2
    config = LlavaConfig(vision_config=vision_config, text_config=text, projector_hidden_act="gelu",
                         vision_feature_layer=llava_config["mm_vision_select_layer"],
                         vision_feature_select_strategy="default", image_seq_length=patches)
    config.image_token_index = image_token
    config.image_token_id = image_token
    model = LlavaForConditionalGeneration(config).float().eval()
    checkpoints = {"llava": load_folder(os.path.join(data, "tiny-llava")),
                   "clip": load_folder(os.path.join(data, "tiny-clip"))}
    state, missing = {}, []
    for name in model.state_dict():
        checkpoint, tensor = source_of(name)
        if tensor in checkpoints[checkpoint]:
            state[name] = checkpoints[checkpoint][tensor].float()
        elif "post_layernorm" not in name and "position_ids" not in name:
            missing.append(name)  # the vision tower's unused post norm may be absent
    if missing:
        raise SystemExit(f"hf_crosscheck: no fixture tensor for {missing}")
    model.load_state_dict(state, strict=False)
    return model, patches


def main():
    data, gpu_outputs, result_path = sys.argv[1:4]
    gpu = json.load(open(gpu_outputs))
    reference = json.load(open(os.path.join(data, "reference.json")))
    used = {i for run in gpu["greedy"] for i in run["prompt_ids"]}
    vocab = json.load(open(os.path.join(data, "tiny-llava", "config.json")))["vocab_size"]
    image_token = max(i for i in range(3, vocab) if i not in used)  # an id no prompt uses
    model, patches = build_model(data, image_token)
    eos = model.config.text_config.eos_token_id
    results, ok = [], True
    for index, run in enumerate(gpu["greedy"]):
        ids = []
        for i in run["prompt_ids"]:
            ids += [image_token] * patches if i == IMAGE_TOKEN else [i]
        input_ids = torch.tensor([ids])
        image = Image.open(os.path.join(data, run["image"])).convert("RGB")
        pixels = make_tiny_llava.llava_image_tensor(image).unsqueeze(0)
        with torch.no_grad():
            logits = model(input_ids=input_ids, pixel_values=pixels).logits[0, -1]
            generated = model.generate(input_ids=input_ids, pixel_values=pixels, max_new_tokens=8, do_sample=False,
                                       eos_token_id=eos, pad_token_id=0)[0, len(ids):].tolist()
        if eos in generated:
            generated = generated[:generated.index(eos)]
        gpu_logits = torch.tensor(run["last_logits"])
        error = float((gpu_logits - logits).abs().max() / logits.abs().max())
        same_tokens = generated == run["tokens"]
        reference_tokens = reference["greedy"][index]["tokens"]
        ok &= same_tokens and error <= TOLERANCE
        results.append({"run": index, "hf_tokens": generated, "gpu_tokens": run["tokens"],
                        "reference_tokens": reference_tokens, "same_tokens": same_tokens,
                        "last_logits_relative_error": error})
        print(f"run {index}: tokens {'same' if same_tokens else 'DIFFER'} (hf {generated}, gpu {run['tokens']}), "
              f"last logits error {error:.2e}")
    summary = {"transformers": transformers.__version__, "torch": torch.__version__, "ok": ok, "runs": results}
    json.dump(summary, open(result_path, "w"), indent=1)
    print("hf_crosscheck:", "passed" if ok else "FAILED", f"(transformers {transformers.__version__})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
