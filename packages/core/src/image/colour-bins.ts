// Colour quantisation shared by the mask builder and style inference: 4 bits
// per channel (4096 bins), enough to find the dominant colours of a region.

/** The bin of the pixel whose RGBA data starts at `offset`. @internal */
export function colourBin(data: Uint8ClampedArray, offset: number): number {
  return ((data[offset] >> 4) << 8) | ((data[offset + 1] >> 4) << 4) | (data[offset + 2] >> 4);
}

/** The colour at the centre of a bin. @internal */
export function binCentre(bin: number): [number, number, number] {
  return [((bin >> 8) << 4) + 8, (((bin >> 4) & 15) << 4) + 8, ((bin & 15) << 4) + 8];
}
